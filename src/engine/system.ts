/**
 * The equation system f(y) + dq(y)/dt = b(t) assembled from devices.
 *
 * Setup (once per circuit): nodes get unknowns 1..N, devices claim extra unknowns and matrix entries.
 * Entries are identified by integer ids in request order (duplicates share an id); id 0 is the trash
 * entry for stamps between ground and ground. Entries in the ground row or column get ids of their own
 * that are not part of the solver's pattern: their values are still recorded, which lets the floating
 * node check see which unknowns connect to ground.
 *
 * Load (hot loop): zero f, q, b, G, C; every device adds into them at its handles.
 * Assemble: gather `G + alpha*C` (+ diagonal shunts) into the solver's CSC value array.
 */
import type { Device, LoadContext, SetupContext, ToleranceClass } from '../devices/device.ts';
import type { SparsityPattern } from './linear/solver.ts';

/** Structural role of an unknown (what it is in the circuit), independent of its tolerance class. */
export const UNKNOWN_NODE = 0;
/** Branch current of a voltage-defined element (V, L, E). */
export const UNKNOWN_BRANCH = 1;
/** Any other unknown a device adds (state variables, including CHEMIND's current-valued ic). */
export const UNKNOWN_INTERNAL = 2;

export interface Tolerances {
  reltol: number;
  abstol: number;
  vntol: number;
}

/** Default absolute tolerance of a state variable (dimensionless, of order 1). */
const STATE_ABSTOL = 1e-9;

export class EquationSystem {
  /** Number of unknowns (ground excluded); vectors have length size = n + 1 with index 0 = ground. */
  n = 0;
  readonly size: number;
  readonly labels: string[] = ['ground'];
  /** Structural role of each unknown: UNKNOWN_NODE, UNKNOWN_BRANCH or UNKNOWN_INTERNAL (index 0: ground). */
  readonly roles: number[] = [UNKNOWN_NODE];
  /** Absolute tolerance of each unknown (index 0 unused). */
  readonly absTol: Float64Array;
  readonly nodeNames: string[];
  /** Unknown of each node: its position in nodeNames, from 1. */
  readonly nodeIndex: ReadonlyMap<string, number>;

  /** Entry ids: row and column of each (id 0 = trash). */
  readonly entryRow: Int32Array;
  readonly entryCol: Int32Array;
  readonly numEntries: number;
  /**
   * Entry ids each device claimed and unknowns each device added (branch currents, states), all devices in one
   * array each: device k's are [start[k], start[k + 1]). One typed array per device cost ~200 bytes and a
   * garbage-collector handle each in a 400k-element circuit.
   */
  private readonly claimedEntries: Int32Array;
  private readonly claimedEntryStart: Int32Array;
  private readonly ownedUnknowns: Int32Array;
  private readonly ownedUnknownStart: Int32Array;

  readonly pattern: SparsityPattern;
  /** CSC position -> entry id. */
  readonly positionEntry: Int32Array;
  /** Diagonal position of each unknown in the CSC values (index 0 unused). */
  readonly diagonalPosition: Int32Array;

  readonly f: Float64Array;
  readonly q: Float64Array;
  readonly b: Float64Array;
  readonly G: Float64Array;
  readonly C: Float64Array;

  /** Extra conductance from each unknown's row to ground (gmin on floating nodes, gmin stepping). */
  readonly diagonalShunt: Float64Array;
  /** Unknowns with a physical range (device states), for Newton's projection: index, lower, upper. */
  readonly boundedUnknowns: Int32Array;
  readonly lowerBounds: Float64Array;
  readonly upperBounds: Float64Array;

  private readonly ctx: LoadContext;
  /** Devices loaded in every Newton iteration (those without constant stamps). */
  private readonly varyingDevices: Device[];
  /** G and C of the constant-stamp devices, loaded once (by entry id). */
  private readonly constantG: Float64Array;
  private readonly constantC: Float64Array;
  /**
   * The constant G and C by rows (compressed sparse rows over unknowns 1..n, ground row and column left out: row 0
   * is the trash slot and y[0] = 0), for the products f = G y and q = C y: each row is one sum, and the values are
   * read in order instead of through entry ids.
   */
  private constantGRows: RowMatrix = EMPTY_ROWS;
  private constantCRows: RowMatrix = EMPTY_ROWS;
  /**
   * Entries that can carry a C value, off the ground row and column: the constant-stamp entries with C != 0 and
   * every entry of a varying device. The transient's q(y + dy) = q(y) + C dy visits only these; their rows and
   * columns are copied alongside (chargeRow, chargeCol), so that loop reads three arrays in order.
   */
  chargeEntries: Int32Array = new Int32Array(0);
  chargeRow: Int32Array = new Int32Array(0);
  chargeCol: Int32Array = new Int32Array(0);
  /** Whether a resistor's sweep value or similar may have changed the constant stamps since they were loaded. */
  private constantStampsStale = true;

  constructor(
    nodeNames: string[],
    readonly devices: Device[],
    tolerances: Tolerances,
    /** nodeNames' positions from 1, when the caller has them (elaboration does): not built a second time. */
    nodeIndex?: ReadonlyMap<string, number>,
  ) {
    this.nodeNames = nodeNames;
    const ownIndex = nodeIndex?.size === nodeNames.length ? undefined : new Map<string, number>();
    this.nodeIndex = ownIndex ?? nodeIndex ?? new Map();
    for (const name of nodeNames) {
      this.n++;
      ownIndex?.set(name, this.n);
      this.labels.push(`v(${name})`);
      this.roles.push(UNKNOWN_NODE);
    }
    const absTols: number[] = [0, ...nodeNames.map(() => tolerances.vntol)];

    const rows: number[] = [0];
    const cols: number[] = [0];
    // Entry ids by (row, col), in one open-addressing hash table of typed arrays: per-row arrays or a Map
    // cost a heap object per row or per key and most of the setup time of a 400k-element circuit.
    const entryIds = new EntryIndex();

    const claimed: number[] = [];
    const owned: number[] = [];
    const claimedStart = new Int32Array(devices.length + 1);
    const ownedStart = new Int32Array(devices.length + 1);
    // Claims go to the device being set up; devices set up after the branches (F, H, K) are collected apart
    // and moved into place afterwards, so that each device's claims stay contiguous in device order.
    const addOwnedUnknown = (label: string, role: number, absTol: number): number => {
      this.n++;
      this.labels.push(label);
      this.roles.push(role);
      absTols.push(absTol);
      owned.push(this.n);
      return this.n;
    };
    const setup: SetupContext = {
      node: (name: string): number => {
        if (name === '0' || name === 'gnd') return 0;
        const index = this.nodeIndex.get(name);
        if (index === undefined) throw new Error(`internal: node ${name} was not declared`);
        return index;
      },
      addUnknown: (label: string, tolerance: ToleranceClass, absTol?: number): number =>
        addOwnedUnknown(
          label,
          UNKNOWN_INTERNAL,
          absTol ?? (tolerance === 'voltage' ? tolerances.vntol : tolerance === 'current' ? tolerances.abstol : STATE_ABSTOL),
        ),
      addBranchCurrent: (label: string): number => addOwnedUnknown(label, UNKNOWN_BRANCH, tolerances.abstol),
      branchCurrent: (label: string): number | undefined => {
        const index = this.labels.indexOf(label);
        return index > 0 && this.roles[index] === UNKNOWN_BRANCH ? index : undefined;
      },
      entry: (row: number, col: number): number => {
        if (row === 0 && col === 0) return 0;
        let id = entryIds.get(row, col);
        if (id < 0) {
          id = rows.length;
          rows.push(row);
          cols.push(col);
          entryIds.set(row, col, id);
        }
        claimed.push(id);
        return id;
      },
    };
    // Devices that read another element's branch current (F, H, K) are set up after every other device.
    const late: Array<{ k: number; entries: number[]; unknowns: number[] }> = [];
    devices.forEach((device, k) => {
      if (device.setupAfterBranches !== true) device.setup(setup);
      claimedStart[k + 1] = claimed.length;
      ownedStart[k + 1] = owned.length;
    });
    if (devices.some((d) => d.setupAfterBranches === true)) {
      const entriesBefore = claimed.length;
      const unknownsBefore = owned.length;
      devices.forEach((device, k) => {
        if (device.setupAfterBranches !== true) return;
        const e = claimed.length;
        const u = owned.length;
        device.setup(setup);
        late.push({ k, entries: claimed.slice(e), unknowns: owned.slice(u) });
      });
      claimed.length = entriesBefore;
      owned.length = unknownsBefore;
      spliceLateClaims(late, claimed, claimedStart, (l) => l.entries);
      spliceLateClaims(late, owned, ownedStart, (l) => l.unknowns);
    }
    // Every unknown gets a diagonal entry: shunts (gmin) go there, and pivoting likes it (not a device's claim).
    const deviceClaims = claimed.length;
    for (let i = 1; i <= this.n; i++) setup.entry(i, i);
    this.claimedEntries = Int32Array.from(claimed.slice(0, deviceClaims));
    this.claimedEntryStart = claimedStart;
    this.ownedUnknowns = Int32Array.from(owned);
    this.ownedUnknownStart = ownedStart;

    this.size = this.n + 1;
    this.absTol = Float64Array.from(absTols);
    this.numEntries = rows.length;
    this.entryRow = Int32Array.from(rows);
    this.entryCol = Int32Array.from(cols);

    // CSC pattern over unknowns 1..n (0-based in the pattern), ground row/column left out.
    const n = this.n;
    const colCount = new Int32Array(n + 1);
    for (let id = 1; id < this.numEntries; id++) {
      if (rows[id] !== 0 && cols[id] !== 0) colCount[cols[id] - 1]++;
    }
    const colStart = new Int32Array(n + 1);
    for (let c = 0; c < n; c++) colStart[c + 1] = colStart[c] + colCount[c];
    const nnz = colStart[n];
    const fill = colStart.slice(0, n);
    const positionEntry = new Int32Array(nnz);
    const rowIndex = new Int32Array(nnz);
    for (let id = 1; id < this.numEntries; id++) {
      if (rows[id] === 0 || cols[id] === 0) continue;
      const c = cols[id] - 1;
      const p = fill[c]++;
      rowIndex[p] = rows[id] - 1;
      positionEntry[p] = id;
    }
    // Sort rows inside each column (insertion sort: columns are short).
    for (let c = 0; c < n; c++) {
      for (let p = colStart[c] + 1; p < colStart[c + 1]; p++) {
        const r = rowIndex[p];
        const e = positionEntry[p];
        let k = p - 1;
        while (k >= colStart[c] && rowIndex[k] > r) {
          rowIndex[k + 1] = rowIndex[k];
          positionEntry[k + 1] = positionEntry[k];
          k--;
        }
        rowIndex[k + 1] = r;
        positionEntry[k + 1] = e;
      }
    }
    this.pattern = { n, colStart, rowIndex };
    this.positionEntry = positionEntry;
    this.diagonalPosition = new Int32Array(n + 1);
    for (let c = 0; c < n; c++) {
      for (let p = colStart[c]; p < colStart[c + 1]; p++) {
        if (rowIndex[p] === c) this.diagonalPosition[c + 1] = p;
      }
    }

    this.f = new Float64Array(this.size);
    this.q = new Float64Array(this.size);
    this.b = new Float64Array(this.size);
    this.G = new Float64Array(this.numEntries);
    this.C = new Float64Array(this.numEntries);
    this.diagonalShunt = new Float64Array(this.size);
    this.isLinearCached = devices.every((d) => d.linear === true);
    this.varyingDevices = devices.filter((d) => d.constantStamps !== true);
    this.constantG = new Float64Array(this.numEntries);
    this.constantC = new Float64Array(this.numEntries);
    const bounds: Array<[number, number, number]> = [];
    for (const d of devices) if (d.bounds) bounds.push(...d.bounds());
    this.boundedUnknowns = Int32Array.from(bounds.map((b) => b[0]));
    this.lowerBounds = Float64Array.from(bounds.map((b) => b[1]));
    this.upperBounds = Float64Array.from(bounds.map((b) => b[2]));
    this.ctx = {
      y: this.f, // replaced on each load
      time: 0,
      dcSources: true,
      sourceScale: 1,
      limiting: true,
      jacobian: true,
      f: this.f,
      q: this.q,
      b: this.b,
      G: this.G,
      C: this.C,
      nonConverged: 0,
    };
  }

  /** Entry ids device k claimed in setup (a view, not a copy). */
  deviceEntries(k: number): Int32Array {
    return this.claimedEntries.subarray(this.claimedEntryStart[k], this.claimedEntryStart[k + 1]);
  }

  /** Unknowns device k added in setup (branch currents, states; a view, not a copy). */
  deviceUnknowns(k: number): Int32Array {
    return this.ownedUnknowns.subarray(this.ownedUnknownStart[k], this.ownedUnknownStart[k + 1]);
  }

  get nnz(): number {
    return this.pattern.colStart[this.n];
  }

  /**
   * Evaluate every device at y. Returns the number of devices that limited their step (0 = the point
   * loaded is y itself).
   */
  load(y: Float64Array, time: number, dcSources: boolean, sourceScale: number, limiting: boolean, jacobian = true): number {
    if (this.constantStampsStale) this.loadConstantStamps();
    const { f, q, G, C } = this;
    // f = G y and q = C y of the constant-stamp devices (every row written, so no clearing first); the varying
    // devices add to them. G is reset only when it will be read: after a load without it nobody looks at G
    // before the next load with it, which resets it.
    multiplyRows(this.constantGRows, y, f);
    multiplyRows(this.constantCRows, y, q);
    f[0] = 0;
    q[0] = 0;
    this.b.fill(0);
    if (jacobian) G.set(this.constantG);
    C.set(this.constantC);
    const ctx = this.ctx as { -readonly [K in keyof LoadContext]: LoadContext[K] };
    ctx.y = y;
    ctx.time = time;
    ctx.dcSources = dcSources;
    ctx.sourceScale = sourceScale;
    ctx.limiting = limiting;
    ctx.jacobian = jacobian;
    ctx.nonConverged = 0;
    const devices = this.varyingDevices;
    for (let d = 0; d < devices.length; d++) devices[d].load(ctx);
    return ctx.nonConverged;
  }

  /**
   * Load the constant-stamp devices once, at y = 0 (their f and q there are 0 by definition), into
   * constantG / constantC, and list the entries the matrix-vector product must visit.
   */
  private loadConstantStamps(): void {
    this.constantG.fill(0);
    this.constantC.fill(0);
    const ctx = this.ctx as { -readonly [K in keyof LoadContext]: LoadContext[K] };
    const scratch = new Float64Array(this.size);
    ctx.y = scratch;
    ctx.f = new Float64Array(this.size);
    ctx.q = new Float64Array(this.size);
    ctx.b = new Float64Array(this.size);
    ctx.G = this.constantG;
    ctx.C = this.constantC;
    ctx.time = 0;
    ctx.dcSources = true;
    ctx.sourceScale = 1;
    ctx.limiting = false;
    ctx.jacobian = true;
    for (const d of this.devices) if (d.constantStamps === true) d.load(ctx);
    ctx.f = this.f;
    ctx.q = this.q;
    ctx.b = this.b;
    ctx.G = this.G;
    ctx.C = this.C;
    this.constantGRows = rowMatrix(this.constantG, this.entryRow, this.entryCol, this.n);
    this.constantCRows = rowMatrix(this.constantC, this.entryRow, this.entryCol, this.n);
    // The ground row's q is never read (q[0] is reset to 0), the ground column's y is 0: neither is visited.
    const offGround = (id: number): boolean => id > 0 && this.entryRow[id] !== 0 && this.entryCol[id] !== 0;
    const charge = new Set<number>();
    for (let id = 1; id < this.numEntries; id++) if (this.constantC[id] !== 0 && offGround(id)) charge.add(id);
    this.devices.forEach((d, index) => {
      if (d.constantStamps !== true) for (const id of this.deviceEntries(index)) if (offGround(id)) charge.add(id);
    });
    this.chargeEntries = Int32Array.from([...charge].sort((a, c) => a - c));
    this.chargeRow = this.chargeEntries.map((id) => this.entryRow[id]);
    this.chargeCol = this.chargeEntries.map((id) => this.entryCol[id]);
    this.constantStampsStale = false;
  }

  /** Call after changing a constant-stamp device's value (a .dc sweep of a resistor). */
  invalidateConstantStamps(): void {
    this.constantStampsStale = true;
  }

  /** values[k] = G + alpha*C at CSC position k, plus the diagonal shunts. */
  assemble(alpha: number, values: Float64Array): void {
    const pe = this.positionEntry;
    const G = this.G;
    const C = this.C;
    const nnz = pe.length;
    if (alpha === 0) {
      for (let k = 0; k < nnz; k++) values[k] = G[pe[k]];
    } else {
      for (let k = 0; k < nnz; k++) {
        const id = pe[k];
        values[k] = G[id] + alpha * C[id];
      }
    }
    const shunt = this.diagonalShunt;
    const diag = this.diagonalPosition;
    for (let i = 1; i <= this.n; i++) if (shunt[i] !== 0) values[diag[i]] += shunt[i];
  }

  /** Whether every device declared itself linear (constant G and C, f and q linear in y). */
  readonly isLinearCached: boolean;

  unknownOf(label: string): number | undefined {
    const i = this.labels.indexOf(label);
    return i > 0 ? i : undefined;
  }
}

/** A sparse matrix over unknowns 1..n by rows: row i's values and columns are at [start[i], start[i + 1]). */
interface RowMatrix {
  readonly start: Int32Array;
  readonly col: Int32Array;
  readonly value: Float64Array;
}

const EMPTY_ROWS: RowMatrix = { start: new Int32Array(1), col: new Int32Array(0), value: new Float64Array(0) };

/** The nonzero values (by entry id) off the ground row and column, gathered into rows; duplicate ids were merged in setup. */
function rowMatrix(values: Float64Array, entryRow: Int32Array, entryCol: Int32Array, n: number): RowMatrix {
  const start = new Int32Array(n + 2);
  for (let id = 1; id < values.length; id++) if (values[id] !== 0 && entryRow[id] !== 0 && entryCol[id] !== 0) start[entryRow[id] + 1]++;
  for (let i = 1; i <= n + 1; i++) start[i] += start[i - 1];
  const fill = start.slice(0, n + 1);
  const col = new Int32Array(start[n + 1]);
  const value = new Float64Array(start[n + 1]);
  for (let id = 1; id < values.length; id++) {
    if (values[id] === 0 || entryRow[id] === 0 || entryCol[id] === 0) continue;
    const p = fill[entryRow[id]]++;
    col[p] = entryCol[id];
    value[p] = values[id];
  }
  return { start, col, value };
}

/**
 * out[i] = (row i of the matrix) . y for i = 1..n. A function of its own, so that V8 optimises this loop after a
 * few loads instead of waiting for the whole of load (and the device loads inlined into it) to be compiled.
 */
function multiplyRows(m: RowMatrix, y: Float64Array, out: Float64Array): void {
  const { start, col, value } = m;
  const n = start.length - 2;
  for (let i = 1; i <= n; i++) {
    let sum = 0;
    for (let p = start[i]; p < start[i + 1]; p++) sum += value[p] * y[col[p]];
    out[i] = sum;
  }
}

/**
 * Loads one device alone into scratch arrays, to read its own contribution (terminal currents, b terms).
 * Only the rows and entries the device touches are cleared afterwards, so probing stays O(device size).
 */
export class EquationSystemProbe {
  readonly f: Float64Array;
  readonly q: Float64Array;
  readonly b: Float64Array;
  readonly G: Float64Array;
  readonly C: Float64Array;
  private readonly ctx: {
    y: Float64Array;
    time: number;
    dcSources: boolean;
    sourceScale: number;
    limiting: boolean;
    jacobian: boolean;
    f: Float64Array;
    q: Float64Array;
    b: Float64Array;
    G: Float64Array;
    C: Float64Array;
    nonConverged: number;
  };

  constructor(readonly system: EquationSystem) {
    this.f = new Float64Array(system.size);
    this.q = new Float64Array(system.size);
    this.b = new Float64Array(system.size);
    this.G = new Float64Array(system.numEntries);
    this.C = new Float64Array(system.numEntries);
    this.ctx = {
      y: this.f,
      time: 0,
      dcSources: true,
      sourceScale: 1,
      limiting: false,
      jacobian: true,
      f: this.f,
      q: this.q,
      b: this.b,
      G: this.G,
      C: this.C,
      nonConverged: 0,
    };
  }

  load(device: Device, _index: number, y: Float64Array, time: number, dcSources: boolean): void {
    this.ctx.y = y;
    this.ctx.time = time;
    this.ctx.dcSources = dcSources;
    device.load(this.ctx);
  }

  clear(device: Device, index: number): void {
    for (const t of device.terminals) {
      this.f[t] = 0;
      this.q[t] = 0;
      this.b[t] = 0;
    }
    for (const u of this.system.deviceUnknowns(index)) {
      this.f[u] = 0;
      this.q[u] = 0;
      this.b[u] = 0;
    }
    for (const id of this.system.deviceEntries(index)) {
      this.G[id] = 0;
      this.C[id] = 0;
    }
  }
}

/**
 * Entry ids keyed by (row, col): open addressing with linear probing over one typed array (no heap object per
 * key). Each slot is three consecutive integers, row, col and id, so that a probe reads one cache line: with
 * three arrays, each look-up in the 1.6M-entry table of a 400k-element circuit missed the cache three times,
 * most of the set-up's time. get returns -1 for a pair not yet stored.
 */
class EntryIndex {
  /** Slot s holds row (-1: empty), col, id at 3s, 3s + 1, 3s + 2. */
  private slots = new Int32Array(3 * 1024).fill(-1);
  private capacity = 1024;
  private count = 0;

  private slot(row: number, col: number, mask: number): number {
    // Multiplicative hash of the pair; Math.imul keeps it in 32 bits.
    return (Math.imul(row, 0x9e3779b1) ^ Math.imul(col, 0x85ebca77)) & mask;
  }

  get(row: number, col: number): number {
    const mask = this.capacity - 1;
    const slots = this.slots;
    for (let s = this.slot(row, col, mask); ; s = (s + 1) & mask) {
      const r = slots[3 * s];
      if (r === -1) return -1;
      if (r === row && slots[3 * s + 1] === col) return slots[3 * s + 2];
    }
  }

  /** Stores a pair get has just reported absent. */
  set(row: number, col: number, id: number): void {
    if (2 * (this.count + 1) > this.capacity) this.grow();
    this.insert(row, col, id);
    this.count++;
  }

  private insert(row: number, col: number, id: number): void {
    const mask = this.capacity - 1;
    const slots = this.slots;
    let s = this.slot(row, col, mask);
    while (slots[3 * s] !== -1) s = (s + 1) & mask;
    slots[3 * s] = row;
    slots[3 * s + 1] = col;
    slots[3 * s + 2] = id;
  }

  private grow(): void {
    const old = this.slots;
    const oldCapacity = this.capacity;
    this.capacity = 2 * oldCapacity;
    this.slots = new Int32Array(3 * this.capacity).fill(-1);
    for (let s = 0; s < oldCapacity; s++) if (old[3 * s] !== -1) this.insert(old[3 * s], old[3 * s + 1], old[3 * s + 2]);
  }
}

/**
 * Inserts the claims of the devices set up late (ascending device index) into the flat claim array, after
 * the claims of the devices before them, and shifts the start offsets to match.
 */
function spliceLateClaims<T extends { k: number }>(late: T[], flat: number[], start: Int32Array, of: (l: T) => number[]): void {
  const byDevice = new Map(late.map((l) => [l.k, of(l)]));
  const merged: number[] = [];
  const devices = start.length - 1;
  const newStart = new Int32Array(devices + 1);
  for (let k = 0; k < devices; k++) {
    for (let p = start[k]; p < start[k + 1]; p++) merged.push(flat[p]);
    for (const v of byDevice.get(k) ?? []) merged.push(v);
    newStart[k + 1] = merged.length;
  }
  flat.length = 0;
  for (const v of merged) flat.push(v);
  start.set(newStart);
}
