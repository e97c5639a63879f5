/**
 * Orderings for the sparse LU: a maximum transversal (zero-free diagonal) and an approximate minimum degree
 * ordering of the symmetrised pattern. Both run once per analysis, so they favour clarity over the last
 * few percent of speed (they still are O(nnz)-ish and take milliseconds on 1e5 unknowns).
 */

/**
 * Maximum transversal (Duff's MC21 idea: depth-first augmenting paths, with a cheap-assignment look-ahead).
 * Only entries with `nonzero[p] !== 0` count as edges, so numerically zero diagonals (voltage-source branch
 * rows of an MNA matrix) are matched off the diagonal.
 *
 * Returns colOfRow: colOfRow[r] = column matched to row r. Diagonal entries are matched first so that a
 * zero-free diagonal stays the identity (keeps the symmetric structure AMD sees). Rows/columns left
 * unmatched (structurally singular matrix) are paired arbitrarily; the factorisation then reports the
 * singular column.
 */
export function maximumTransversal(
  n: number,
  colStart: Int32Array,
  rowIndex: Int32Array,
  nonzero: Uint8Array,
): Int32Array {
  const rowMatch = new Int32Array(n).fill(-1); // rowMatch[r] = column
  const colMatch = new Int32Array(n).fill(-1); // colMatch[c] = row
  // 1. diagonal
  for (let c = 0; c < n; c++) {
    for (let p = colStart[c]; p < colStart[c + 1]; p++) {
      if (rowIndex[p] === c && nonzero[p] !== 0) {
        rowMatch[c] = c;
        colMatch[c] = c;
        break;
      }
    }
  }
  // 2. augmenting paths from each unmatched column (iterative DFS with cheap assignment)
  const visited = new Int32Array(n).fill(-1); // per row: stamp of the search that visited it
  const cheap = new Int32Array(n); // per column: next position for the cheap-assignment scan
  const next = new Int32Array(n); // per column: next position for the DFS scan
  const stackCol = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    cheap[c] = colStart[c];
    next[c] = colStart[c];
  }
  for (let start = 0; start < n; start++) {
    if (colMatch[start] >= 0) continue;
    let head = 0;
    stackCol[0] = start;
    next[start] = colStart[start];
    let found = -1;
    while (head >= 0 && found < 0) {
      const c = stackCol[head];
      // cheap assignment: any unmatched row in this column?
      const end = colStart[c + 1];
      let p = cheap[c];
      for (; p < end; p++) {
        const r = rowIndex[p];
        if (nonzero[p] !== 0 && rowMatch[r] < 0) break;
      }
      cheap[c] = p;
      if (p < end) {
        found = rowIndex[p];
        cheap[c] = p + 1;
        break;
      }
      // depth-first: go through a matched row to its column
      let q = next[c];
      let pushed = false;
      for (; q < end; q++) {
        const r = rowIndex[q];
        if (nonzero[q] === 0 || visited[r] === start) continue;
        visited[r] = start;
        const c2 = rowMatch[r];
        next[c] = q + 1;
        stackCol[++head] = c2;
        next[c2] = colStart[c2];
        pushed = true;
        break;
      }
      if (!pushed) {
        next[c] = end;
        head--;
      }
    }
    if (found < 0) continue;
    // augment along the stack: the column on top takes `found`, each column below takes the row through
    // which the DFS left it (the row matched to the column above it).
    let r = found;
    for (let h = head; h >= 0; h--) {
      const c = stackCol[h];
      const prev = colMatch[c];
      colMatch[c] = r;
      rowMatch[r] = c;
      r = prev;
    }
  }
  // 3. pair leftovers arbitrarily
  let freeCol = 0;
  for (let r = 0; r < n; r++) {
    if (rowMatch[r] >= 0) continue;
    while (colMatch[freeCol] >= 0) freeCol++;
    rowMatch[r] = freeCol;
    colMatch[freeCol] = r;
  }
  return rowMatch;
}

/**
 * Adjacency (CSR, no diagonal, no duplicates) of B + B^T where B(:, r) = A(:, colOfRow[r]), i.e. the
 * column-permuted matrix whose diagonal is the transversal. `colOfRow` null means identity.
 */
export function symmetrisedAdjacency(
  n: number,
  colStart: Int32Array,
  rowIndex: Int32Array,
  colOfRow: Int32Array | null,
): { start: Int32Array; adj: Int32Array } {
  const count = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const c = colOfRow === null ? r : colOfRow[r];
    for (let p = colStart[c]; p < colStart[c + 1]; p++) {
      const i = rowIndex[p];
      if (i === r) continue;
      count[i]++;
      count[r]++;
    }
  }
  const start0 = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start0[i + 1] = start0[i] + count[i];
  const fill = start0.slice(0, n);
  const raw = new Int32Array(start0[n]);
  for (let r = 0; r < n; r++) {
    const c = colOfRow === null ? r : colOfRow[r];
    for (let p = colStart[c]; p < colStart[c + 1]; p++) {
      const i = rowIndex[p];
      if (i === r) continue;
      raw[fill[i]++] = r;
      raw[fill[r]++] = i;
    }
  }
  // dedupe
  const mark = new Int32Array(n).fill(-1);
  const start = new Int32Array(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    start[i] = out;
    for (let p = start0[i]; p < start0[i + 1]; p++) {
      const j = raw[p];
      if (mark[j] === i) continue;
      mark[j] = i;
      raw[out++] = j;
    }
  }
  start[n] = out;
  return { start, adj: raw.slice(0, out) };
}

/**
 * Approximate minimum degree ordering (after Amestoy, Davis & Duff, "An approximate minimum degree ordering
 * algorithm", SIMAX 1996), written from the paper: quotient graph of variables and elements, approximate
 * external degrees d_i = min(n - k, d_i + |Lp\i|, |A_i\i| + |Lp\i| + sum_{e != p} |Le\Lp|) with the |Le\Lp|
 * computed by the w(e) scan, element absorption, aggressive absorption, supervariable detection by hashing,
 * mass elimination, and removal of dense rows (ordered last). Lists are plain per-node arrays rather than
 * AMD's single in-place workspace with garbage collection.
 *
 * Input: symmetric adjacency without diagonal. Returns order: order[k] = node eliminated at step k.
 */
export function approximateMinimumDegree(n: number, start: Int32Array, adj: Int32Array): Int32Array {
  const order = new Int32Array(n);
  let nOut = 0;
  if (n === 0) return order;
  const VAR = 0;
  const ELEMENT = 1;
  const DEAD = 2;
  const status = new Uint8Array(n);
  const nv = new Int32Array(n).fill(1);
  const degree = new Int32Array(n);
  const elen = new Int32Array(n); // |Le| (weighted) of element e
  const vars: Int32Array[] = new Array<Int32Array>(n);
  const elems: Int32Array[] = new Array<Int32Array>(n);
  const empty = new Int32Array(0);
  // supervariable members: singly linked chain head -> ... ; memberTail for O(1) append
  const memberNext = new Int32Array(n).fill(-1);
  const memberTail = new Int32Array(n);
  for (let i = 0; i < n; i++) memberTail[i] = i;

  // dense rows: ordered last
  const denseLimit = Math.max(16, Math.floor(10 * Math.sqrt(n)));
  const denseNodes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (start[i + 1] - start[i] > denseLimit) {
      status[i] = DEAD;
      denseNodes.push(i);
    }
  }
  const nLive = n - denseNodes.length;

  // degree buckets (doubly linked)
  const head = new Int32Array(n + 1).fill(-1);
  const bnext = new Int32Array(n).fill(-1);
  const bprev = new Int32Array(n).fill(-1);
  let minDeg = n;
  const bucketInsert = (i: number, d: number): void => {
    degree[i] = d;
    const h = head[d];
    bnext[i] = h;
    bprev[i] = -1;
    if (h >= 0) bprev[h] = i;
    head[d] = i;
    if (d < minDeg) minDeg = d;
  };
  const bucketRemove = (i: number): void => {
    const nx = bnext[i];
    const pv = bprev[i];
    if (pv >= 0) bnext[pv] = nx;
    else head[degree[i]] = nx;
    if (nx >= 0) bprev[nx] = pv;
  };

  for (let i = 0; i < n; i++) {
    if (status[i] !== VAR) continue;
    let d = 0;
    let cnt = 0;
    for (let p = start[i]; p < start[i + 1]; p++) if (status[adj[p]] === VAR) cnt++;
    const v = new Int32Array(cnt);
    for (let p = start[i]; p < start[i + 1]; p++) {
      const j = adj[p];
      if (status[j] === VAR) {
        v[d++] = j;
      }
    }
    vars[i] = v;
    elems[i] = empty;
    bucketInsert(i, d);
  }
  for (const i of denseNodes) {
    vars[i] = empty;
    elems[i] = empty;
  }

  const mark = new Int32Array(n).fill(-1); // membership of Lp (stamp = pivot)
  const wStamp = new Int32Array(n).fill(-1);
  const wVal = new Int32Array(n);
  const lpBuf = new Int32Array(n);
  const extDeg = new Int32Array(n); // sum_{e != p} |Le \ Lp| per variable of Lp
  const varDeg = new Int32Array(n); // |A_i \ i| (weighted) per variable of Lp
  const hashOf = new Int32Array(n);
  const hashHead = new Int32Array(n).fill(-1);
  const hashNext = new Int32Array(n).fill(-1);
  const cmpMark = new Int32Array(n).fill(-1);
  let cmpStamp = 0;
  let nel = 0;

  const emit = (i: number): void => {
    for (let m = i; m >= 0; m = memberNext[m]) order[nOut++] = m;
  };

  while (nel < nLive) {
    while (minDeg <= n && head[minDeg] < 0) minDeg++;
    const p = head[minDeg];
    bucketRemove(p);
    const nvp = nv[p];

    // Lp = union of Le (e adjacent to p) and A_p; absorb those elements into p
    mark[p] = p;
    let lpLen = 0;
    const ep = elems[p];
    for (let t = 0; t < ep.length; t++) {
      const e = ep[t];
      if (status[e] !== ELEMENT) continue;
      const le = vars[e];
      for (let s = 0; s < le.length; s++) {
        const v = le[s];
        if (status[v] === VAR && nv[v] > 0 && mark[v] !== p) {
          mark[v] = p;
          lpBuf[lpLen++] = v;
        }
      }
      status[e] = DEAD;
      vars[e] = empty;
    }
    const ap = vars[p];
    for (let s = 0; s < ap.length; s++) {
      const v = ap[s];
      if (status[v] === VAR && nv[v] > 0 && mark[v] !== p) {
        mark[v] = p;
        lpBuf[lpLen++] = v;
      }
    }
    status[p] = ELEMENT;
    elems[p] = empty;
    vars[p] = lpBuf.slice(0, lpLen);
    emit(p);
    nel += nvp;
    let lpWeight = 0;
    for (let s = 0; s < lpLen; s++) lpWeight += nv[lpBuf[s]];
    elen[p] = lpWeight;

    for (let s = 0; s < lpLen; s++) bucketRemove(lpBuf[s]);

    // w(e) = |Le \ Lp| for every element touching Lp
    for (let s = 0; s < lpLen; s++) {
      const v = lpBuf[s];
      const ev = elems[v];
      for (let t = 0; t < ev.length; t++) {
        const e = ev[t];
        if (status[e] !== ELEMENT) continue;
        if (wStamp[e] !== p) {
          wStamp[e] = p;
          wVal[e] = elen[e];
        }
        wVal[e] -= nv[v];
      }
    }

    // pass 1: prune lists, aggressive absorption, hash, mass elimination
    let kept = 0;
    for (let s = 0; s < lpLen; s++) {
      const v = lpBuf[s];
      const ev = elems[v];
      let ne = 0;
      let ext = 0;
      let h = p;
      for (let t = 0; t < ev.length; t++) {
        const e = ev[t];
        if (status[e] !== ELEMENT) continue;
        if (wStamp[e] === p && wVal[e] === 0) {
          status[e] = DEAD; // aggressive absorption: Le is a subset of Lp
          vars[e] = empty;
          continue;
        }
        ne++;
      }
      const newE = new Int32Array(ne + 1);
      ne = 0;
      for (let t = 0; t < ev.length; t++) {
        const e = ev[t];
        if (status[e] !== ELEMENT || e === p) continue;
        newE[ne++] = e;
        ext += wStamp[e] === p ? wVal[e] : elen[e];
        h += e;
      }
      newE[ne++] = p;
      elems[v] = ne === newE.length ? newE : newE.slice(0, ne);
      const av = vars[v];
      let na = 0;
      let aw = 0;
      for (let t = 0; t < av.length; t++) {
        const u = av[t];
        if (status[u] !== VAR || nv[u] === 0 || mark[u] === p) continue;
        av[na++] = u; // compact in place
        aw += nv[u];
        h += u;
      }
      vars[v] = na === av.length ? av : av.slice(0, na);
      if (ne === 1 && na === 0) {
        // mass elimination: v is adjacent to element p only
        status[v] = DEAD;
        emit(v);
        nel += nv[v];
        elen[p] -= nv[v];
        nv[v] = 0;
        continue;
      }
      extDeg[v] = ext;
      varDeg[v] = aw;
      hashOf[v] = (h >>> 0) % n;
      lpBuf[kept++] = v;
    }
    lpLen = kept;

    // pass 2: supervariable detection among Lp (same element and variable sets)
    for (let s = 0; s < lpLen; s++) {
      const v = lpBuf[s];
      const hv = hashOf[v];
      hashNext[v] = hashHead[hv];
      hashHead[hv] = v;
    }
    for (let s = 0; s < lpLen; s++) {
      const v0 = lpBuf[s];
      const hv = hashOf[v0];
      let i = hashHead[hv];
      hashHead[hv] = -1; // consume the bucket once
      for (; i >= 0; i = hashNext[i]) {
        if (nv[i] === 0) continue;
        const ei = elems[i];
        const ai = vars[i];
        cmpStamp++;
        for (let t = 0; t < ei.length; t++) cmpMark[ei[t]] = cmpStamp;
        for (let t = 0; t < ai.length; t++) cmpMark[ai[t]] = cmpStamp;
        for (let j = hashNext[i]; j >= 0; j = hashNext[j]) {
          if (nv[j] === 0) continue;
          const ej = elems[j];
          const aj = vars[j];
          if (ej.length !== ei.length || aj.length !== ai.length) continue;
          let same = true;
          for (let t = 0; t < ej.length && same; t++) if (cmpMark[ej[t]] !== cmpStamp) same = false;
          for (let t = 0; t < aj.length && same; t++) if (cmpMark[aj[t]] !== cmpStamp) same = false;
          if (!same) continue;
          // merge j into i
          nv[i] += nv[j];
          nv[j] = 0;
          status[j] = DEAD;
          memberNext[memberTail[i]] = j;
          memberTail[i] = memberTail[j];
          elems[j] = empty;
          vars[j] = empty;
        }
      }
    }

    // pass 3: approximate degrees, back into the buckets
    const remaining = nLive - nel;
    for (let s = 0; s < lpLen; s++) {
      const v = lpBuf[s];
      if (nv[v] === 0) continue;
      const lpOut = elen[p] - nv[v];
      let d = degree[v] + lpOut;
      const d2 = varDeg[v] + lpOut + extDeg[v];
      if (d2 < d) d = d2;
      const d3 = remaining - nv[v];
      if (d3 < d) d = d3;
      if (d < 0) d = 0;
      bucketInsert(v, d);
    }
  }
  for (const i of denseNodes) order[nOut++] = i;
  if (nOut !== n) throw new Error(`approximateMinimumDegree: ordered ${nOut} of ${n} nodes`);
  return order;
}
