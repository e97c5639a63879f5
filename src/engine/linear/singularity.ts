/**
 * Singularity test shared by the dense and the sparse LU: a pivot is unusable when
 *   |pivot| <= SINGULAR_RTOL * scale,   scale = max(max |scaled A(:,k)|, max |U(:,k)|, max |candidates|)
 * i.e. when it is within a few ulps of the largest magnitude that was combined into this column. A column
 * that is (numerically) a combination of earlier ones leaves exactly that kind of cancellation residue, and a
 * pivot that small would give a solution with O(1) relative error anyway. Anything larger is accepted:
 * SPICE matrices legitimately carry pivots ~1e-12 relative (gmin against 1 S), and an absolute threshold
 * such as 1e-300 would let a dependent pair through whenever rounding leaves a residue of ~1e-16.
 */

/** A pivot at or below this multiple of the column's scale is treated as cancellation residue (8 ulps). */
export const SINGULAR_RTOL = 8 * Number.EPSILON;
