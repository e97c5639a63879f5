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

/**
 * Nested dissection of a symmetric graph (George, SIAM J. Numer. Anal. 1973), with the level-structure
 * separators of George & Liu, "Computer Solution of Large Sparse Positive Definite Systems" (1981), ch. 8:
 * breadth-first levels from a pseudo-peripheral vertex, one level taken as the separator, the two sides ordered
 * first and the separator last, recursively. A separator vertex with no neighbour on the far side is moved to
 * the near side (the separator stays one, and shrinks). Parts of at most `leafSize` vertices are ordered by
 * approximate minimum degree (as METIS switches to minimum degree on small parts); disconnected parts are split
 * into their components without a separator. Vertices of degree above max(16, 10 sqrt(n)) are ordered last,
 * like AMD's dense rows.
 *
 * Why: on the two-dimensional meshes a crossbar is (row wires x column wires), minimum degree's fill grows
 * faster than n log n and its flops faster than n^1.5; nested dissection attains those bounds (George 1973),
 * which is what the very large arrays need. `compareOrderings` picks between the two by counted flops.
 *
 * Input: symmetric adjacency without diagonal. Returns order: order[k] = node eliminated at step k.
 */
export function nestedDissection(n: number, start: Int32Array, adj: Int32Array, leafSize = 128): Int32Array {
  const order = new Int32Array(n);
  if (n === 0) return order;
  const ORDERED = -1;
  /** part id of every vertex still to be ordered (ORDERED once it has a position) */
  const label = new Int32Array(n);
  let nextLabel = 1;
  const denseLimit = Math.max(16, Math.floor(10 * Math.sqrt(n)));
  let tail = n;
  for (let v = n - 1; v >= 0; v--) {
    if (start[v + 1] - start[v] > denseLimit) {
      label[v] = ORDERED;
      order[--tail] = v;
    }
  }
  const level = new Int32Array(n);
  const queue = new Int32Array(n);
  const local = new Int32Array(n);

  /**
   * Breadth-first search from `root` over the vertices labelled `part`: queue[0..count) in visiting order,
   * level[] of each; returns the count. levelStart receives the queue offset of every level (and the count last).
   */
  const bfs = (root: number, part: number, levelStart: number[]): number => {
    levelStart.length = 0;
    let headQ = 0;
    let tailQ = 0;
    queue[tailQ++] = root;
    level[root] = 0;
    label[root] = -part - 2; // visited in this search
    let current = -1;
    while (headQ < tailQ) {
      const u = queue[headQ];
      if (level[u] !== current) {
        current = level[u];
        levelStart.push(headQ);
      }
      headQ++;
      for (let p = start[u]; p < start[u + 1]; p++) {
        const w = adj[p];
        if (label[w] !== part) continue;
        label[w] = -part - 2;
        level[w] = current + 1;
        queue[tailQ++] = w;
      }
    }
    levelStart.push(tailQ);
    for (let t = 0; t < tailQ; t++) label[queue[t]] = part;
    return tailQ;
  };

  /** Approximate minimum degree on the subgraph induced by `verts`, written to order[lo ..). */
  const orderLeaf = (verts: Int32Array, part: number, lo: number): void => {
    const m = verts.length;
    for (let t = 0; t < m; t++) local[verts[t]] = t;
    const subStart = new Int32Array(m + 1);
    for (let t = 0; t < m; t++) {
      const u = verts[t];
      let d = 0;
      for (let p = start[u]; p < start[u + 1]; p++) if (label[adj[p]] === part) d++;
      subStart[t + 1] = subStart[t] + d;
    }
    const subAdj = new Int32Array(subStart[m]);
    for (let t = 0, q = 0; t < m; t++) {
      const u = verts[t];
      for (let p = start[u]; p < start[u + 1]; p++) if (label[adj[p]] === part) subAdj[q++] = local[adj[p]];
    }
    const sub = approximateMinimumDegree(m, subStart, subAdj);
    for (let k = 0; k < m; k++) {
      const u = verts[sub[k]];
      order[lo + k] = u;
      label[u] = ORDERED;
    }
  };

  // Minimum vertex cover of the bipartite graph between levels l and l+1 of the current search (König's
  // theorem: a maximum matching by augmenting paths, then the vertices reached from the unmatched ones of level
  // l by alternating paths decide the cover). Reads queue/level/levels of the last bfs over `part`.
  const mate = new Int32Array(n).fill(-1);
  const seen = new Int32Array(n).fill(-1);
  const pathStack = new Int32Array(n);
  const edgeAt = new Int32Array(n);
  let seenStamp = 0;
  const levelCover = (part: number, levels: readonly number[], l: number): Int32Array => {
    const x0 = levels[l];
    const x1 = levels[l + 1];
    const y1 = levels[l + 2];
    for (let t = x0; t < y1; t++) mate[queue[t]] = -1;
    const inY = (w: number): boolean => label[w] === part && level[w] === l + 1;
    // augmenting paths from every X vertex (depth-first, iterative)
    for (let t = x0; t < x1; t++) {
      const root = queue[t];
      seenStamp++;
      let top = 0;
      pathStack[0] = root;
      edgeAt[0] = start[root];
      let found = -1;
      while (top >= 0 && found < 0) {
        const x = pathStack[top];
        let advanced = false;
        for (let p = edgeAt[top]; p < start[x + 1]; p++) {
          const w = adj[p];
          if (!inY(w) || seen[w] === seenStamp) continue;
          seen[w] = seenStamp;
          edgeAt[top] = p + 1;
          if (mate[w] < 0) {
            found = w;
          } else {
            pathStack[++top] = mate[w];
            edgeAt[top] = start[mate[w]];
          }
          advanced = true;
          break;
        }
        if (!advanced) top--;
      }
      if (found < 0) continue;
      // flip the path: pathStack[0..top] are X vertices, each matched to the Y vertex found after it
      let w = found;
      for (let h = top; h >= 0; h--) {
        const x = pathStack[h];
        const previous = mate[x];
        mate[x] = w;
        mate[w] = x;
        w = previous;
      }
    }
    // alternating reach from unmatched X: X -> Y by any edge, Y -> X by its matching edge
    seenStamp++;
    let tailQ = 0;
    for (let t = x0; t < x1; t++) {
      const x = queue[t];
      if (mate[x] < 0) {
        seen[x] = seenStamp;
        pathStack[tailQ++] = x;
      }
    }
    for (let h = 0; h < tailQ; h++) {
      const x = pathStack[h];
      for (let p = start[x]; p < start[x + 1]; p++) {
        const w = adj[p];
        if (!inY(w) || seen[w] === seenStamp) continue;
        seen[w] = seenStamp;
        const x2 = mate[w];
        if (x2 >= 0 && seen[x2] !== seenStamp) {
          seen[x2] = seenStamp;
          pathStack[tailQ++] = x2;
        }
      }
    }
    const out: number[] = [];
    for (let t = x0; t < x1; t++) if (seen[queue[t]] !== seenStamp) out.push(queue[t]);
    for (let t = x1; t < y1; t++) if (seen[queue[t]] === seenStamp) out.push(queue[t]);
    return Int32Array.from(out);
  };

  interface Part {
    verts: Int32Array;
    part: number;
    /** first position of the part in `order` */
    lo: number;
  }
  const relabel = (verts: Int32Array): number => {
    const part = nextLabel++;
    for (let t = 0; t < verts.length; t++) label[verts[t]] = part;
    return part;
  };
  const first: number[] = [];
  for (let v = 0; v < n; v++) if (label[v] !== ORDERED) first.push(v);
  const firstVerts = Int32Array.from(first);
  const stack: Part[] = [{ verts: firstVerts, part: relabel(firstVerts), lo: 0 }];
  const levelStart: number[] = [];
  while (stack.length > 0) {
    const { verts, part, lo } = stack.pop() as Part;
    const m = verts.length;
    if (m <= leafSize) {
      orderLeaf(verts, part, lo);
      continue;
    }
    const count = bfs(verts[0], part, levelStart);
    if (count < m) {
      // disconnected: the component of verts[0], then the rest, each on its own
      const component = queue.slice(0, count);
      for (let t = 0; t < count; t++) label[component[t]] = ORDERED - 1; // temporarily out of `part`
      const rest = verts.filter((u) => label[u] === part);
      stack.push({ verts: component, part: relabel(component), lo });
      stack.push({ verts: rest, part: relabel(rest), lo: lo + count });
      continue;
    }
    // pseudo-peripheral root: restart from a least-degree vertex of the last level while the depth grows
    let root = verts[0];
    let depth = levelStart.length - 1;
    for (let tries = 0; tries < 8; tries++) {
      let candidate = -1;
      let leastDegree = Infinity;
      for (let t = levelStart[depth - 1]; t < count; t++) {
        const u = queue[t];
        const d = start[u + 1] - start[u];
        if (d < leastDegree) {
          leastDegree = d;
          candidate = u;
        }
      }
      bfs(candidate, part, levelStart);
      const candidateDepth = levelStart.length - 1;
      if (candidateDepth > depth) {
        root = candidate;
        depth = candidateDepth;
        continue;
      }
      if (candidateDepth < depth) bfs(root, part, levelStart);
      break;
    }
    depth = levelStart.length - 1;
    if (depth < 2) {
      orderLeaf(verts, part, lo); // one level: a clique
      continue;
    }
    // separator: for each pair of adjacent levels (l, l+1) a minimum vertex cover of the edges between them
    // (any such cover separates levels <= l from levels >= l+1); the one of least size / min(|A|, |B|) with both
    // sides at least a fifth of the part, failing that the least size
    let best: { cover: Int32Array; l: number; inA: number } | null = null;
    let bestCost = Infinity;
    let bestBalanced = false;
    for (let l = 0; l + 1 < depth; l++) {
      const below = levelStart[l + 1];
      if (below * 10 < m && l + 2 < depth) continue; // hopelessly unbalanced, skip the matching
      if ((m - below) * 10 < m && best !== null) break;
      const cover = levelCover(part, levelStart, l);
      const size = cover.length;
      // X \ cover joins A, Y \ cover joins B
      let coverInX = 0;
      for (let t = 0; t < size; t++) if (level[cover[t]] === l) coverInX++;
      const sideA = below - coverInX;
      const sideB = m - sideA - size;
      const smaller = Math.min(sideA, sideB);
      const balanced = smaller * 5 >= m;
      const cost = size / Math.max(1, smaller);
      if ((balanced && !bestBalanced) || (balanced === bestBalanced && cost < bestCost)) {
        best = { cover, l, inA: sideA };
        bestCost = cost;
        bestBalanced = balanced;
      }
    }
    if (best === null || best.inA === 0 || best.inA + best.cover.length === m) {
      orderLeaf(verts, part, lo); // no cut found (a near-clique)
      continue;
    }
    const labelA = nextLabel++;
    const labelB = nextLabel++;
    for (let t = 0; t < best.cover.length; t++) label[best.cover[t]] = ORDERED;
    const a = new Int32Array(best.inA);
    const b = new Int32Array(m - best.inA - best.cover.length);
    let na = 0;
    let nb = 0;
    for (let t = 0; t < m; t++) {
      const u = queue[t];
      if (label[u] === ORDERED) continue;
      if (level[u] <= best.l) {
        label[u] = labelA;
        a[na++] = u;
      } else {
        label[u] = labelB;
        b[nb++] = u;
      }
    }
    const sepLo = lo + a.length + b.length;
    for (let t = 0; t < best.cover.length; t++) order[sepLo + t] = best.cover[t];
    stack.push({ verts: a, part: labelA, lo });
    stack.push({ verts: b, part: labelB, lo: lo + a.length });
  }
  return order;
}

/** Nonzeros and floating-point work of the Cholesky factor of a symmetric pattern under an ordering. */
export interface EliminationCost {
  /** nonzeros of L, diagonal included */
  nnzL: number;
  /** multiply-adds of the factorisation: sum over columns of count^2 (count below the diagonal) */
  multiplyAdds: number;
}

/**
 * Fill and work of eliminating a symmetric pattern in the given order, counted exactly from the elimination
 * tree (Liu, SIMAX 1990: the row subtrees of the tree give every column's count) in O(nnz(L)) time, without
 * forming the factor. For an unsymmetric LU on the pattern of B + B^T this is the work without pivoting; the
 * orderings are compared with it before any numeric factorisation.
 */
export function eliminationCost(n: number, start: Int32Array, adj: Int32Array, order: Int32Array): EliminationCost {
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order[k]] = k;
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const v = order[k];
    for (let p = start[v]; p < start[v + 1]; p++) {
      let r = position[adj[p]];
      if (r >= k) continue;
      while (ancestor[r] !== -1 && ancestor[r] !== k) {
        const next = ancestor[r];
        ancestor[r] = k;
        r = next;
      }
      if (ancestor[r] === -1) {
        ancestor[r] = k;
        parent[r] = k;
      }
    }
  }
  const below = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    const v = order[k];
    for (let p = start[v]; p < start[v + 1]; p++) {
      for (let j = position[adj[p]]; j < k && mark[j] !== k; j = parent[j]) {
        mark[j] = k;
        below[j]++;
      }
    }
  }
  let nnzL = 0;
  let multiplyAdds = 0;
  for (let k = 0; k < n; k++) {
    nnzL += below[k] + 1;
    multiplyAdds += below[k] * below[k];
  }
  return { nnzL, multiplyAdds };
}
