import type { SparsityPattern } from '../solver.ts';
import { approximateMinimumDegree, eliminationCost, maximumTransversal, nestedDissection, symmetrisedAdjacency } from './ordering.ts';

export interface SparseLUOptions {
  /**
   * Fill-reducing ordering of A + A^T: approximate minimum degree, nested dissection, the natural order, or
   * 'auto' (default): AMD, and on systems of at least NESTED_DISSECTION_MIN_N unknowns also nested dissection,
   * keeping the one whose counted elimination work (eliminationCost) is smaller.
   */
  ordering?: SparseOrdering;
  /** Match numerically zero diagonals off the diagonal first (maximum transversal). Default true. */
  transversal?: boolean;
  /**
   * Threshold partial pivoting: keep the preferred (diagonal) pivot if |diag| >= pivotTol * max. Default 1e-2:
   * with KLU's 1e-3 the worst of 150 random test matrices (entries over 6 decades, zero diagonals) reached a
   * backward error of 1.4e-11; 1e-2 gives 4.5e-15 for +8% fill on those and no change on the MNA benches.
   */
  pivotTol?: number;
  /**
   * Refactor accepts a stored pivot if |pivot| >= refactorTol * max |L(:,k)| (Sparse 1.3 checks against its
   * RelThreshold, 1e-3). Default 1e-3: 10x below pivotTol, so values drifting over a transient or an AC
   * sweep do not bounce between refactor and re-pivoting, while growth per step stays bounded by 1e3.
   */
  refactorTol?: number;
  /** Divide each row by its largest magnitude before factoring (KLU's default). Default true. */
  scale?: boolean;
}

export type SparseOrdering = 'auto' | 'amd' | 'nd' | 'natural';

/**
 * Below this many unknowns 'auto' does not try nested dissection. Measured on the MEMDIODE crossbars of
 * scripts/bench (npx tsx scripts/bench/orderings.ts): nested dissection needs 2.6x AMD's multiply-adds at 32 x 32
 * (3,200 unknowns), 1.7x at 64 x 64 (12,544) and 100 x 100 (30,400), and 0.80x at 256 x 256 (197,632).
 */
export const NESTED_DISSECTION_MIN_N = 50_000;

export interface ResolvedOptions {
  ordering: SparseOrdering;
  transversal: boolean;
  pivotTol: number;
  refactorTol: number;
  scale: boolean;
}

export function resolveOptions(o: SparseLUOptions | undefined): ResolvedOptions {
  return {
    ordering: o?.ordering ?? 'auto',
    transversal: o?.transversal ?? true,
    pivotTol: o?.pivotTol ?? 1e-2,
    refactorTol: o?.refactorTol ?? 1e-3,
    scale: o?.scale ?? true,
  };
}

/** Column order and preferred pivot row of each elimination step. */
export interface ColumnOrdering {
  /** colPerm[k] = original column eliminated at step k */
  colPerm: Int32Array;
  /** prefRow[k] = row the step would like as pivot (the permuted "diagonal") */
  prefRow: Int32Array;
  /** the ordering used ('auto' resolved) */
  method: 'amd' | 'nd' | 'natural';
}

/**
 * Ordering analysis. `nonzero[p]` says whether entry p is numerically nonzero in the matrix at hand (only
 * used by the transversal). The result is a symmetric permutation P of B = A Q (Q the transversal):
 * step k eliminates column colPerm[k] = Q(order[k]) preferring row order[k].
 */
export function analyseOrdering(pattern: SparsityPattern, nonzero: Uint8Array, opts: ResolvedOptions): ColumnOrdering {
  const { n, colStart, rowIndex } = pattern;
  let colOfRow: Int32Array | null = null;
  if (opts.transversal) {
    let zeroFree = true;
    for (let c = 0; c < n && zeroFree; c++) {
      let found = false;
      for (let p = colStart[c]; p < colStart[c + 1]; p++) {
        if (rowIndex[p] === c) {
          found = nonzero[p] !== 0;
          break;
        }
      }
      zeroFree = found;
    }
    if (!zeroFree) colOfRow = maximumTransversal(n, colStart, rowIndex, nonzero);
  }
  let order: Int32Array;
  let method: ColumnOrdering['method'] = opts.ordering === 'nd' ? 'nd' : opts.ordering === 'natural' ? 'natural' : 'amd';
  if (opts.ordering !== 'natural') {
    const g = symmetrisedAdjacency(n, colStart, rowIndex, colOfRow);
    if (opts.ordering === 'nd') order = nestedDissection(n, g.start, g.adj);
    else {
      order = approximateMinimumDegree(n, g.start, g.adj);
      if (opts.ordering === 'auto' && n >= NESTED_DISSECTION_MIN_N) {
        const dissected = nestedDissection(n, g.start, g.adj);
        const cheaper = eliminationCost(n, g.start, g.adj, dissected).multiplyAdds < eliminationCost(n, g.start, g.adj, order).multiplyAdds;
        if (cheaper) {
          order = dissected;
          method = 'nd';
        }
      }
    }
  } else {
    order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
  }
  const colPerm = new Int32Array(n);
  for (let k = 0; k < n; k++) colPerm[k] = colOfRow === null ? order[k] : colOfRow[order[k]];
  return { colPerm, prefRow: order, method };
}
