/**
 * The simulation worker of the web page: the same engine as the CLI (src/simulate.ts), with the page's files as
 * the file system. Posts progress (at most every 50 ms), warnings, and the result with its figures, or the error
 * with the line it points at.
 */
import { NetlistError, SimulationError } from '../../src/base/errors.ts';
import { zcheckNetlist } from '../../src/analysis/zcheck.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { figures } from '../../src/plot/figures.ts';
import { simulate } from '../../src/simulate.ts';
import { setFiles, WORK_DIR } from '../shims/fs.ts';
import type { RunMessage, WorkerReply } from './protocol.ts';

/** The worker's global scope (the page's types are DOM's, in which postMessage is the window's). */
const scope = self as unknown as { postMessage(m: WorkerReply): void; onmessage: ((event: MessageEvent<RunMessage>) => void) | null };
const post = (m: WorkerReply): void => scope.postMessage(m);

scope.onmessage = (event) => {
  const { file, text, files } = event.data;
  setFiles([...files, [file, text]]);
  let last = -Infinity;
  try {
    const started = performance.now();
    const result = simulate(text, {
      file,
      cwd: WORK_DIR,
      onWarning: (message) => post({ type: 'warning', message }),
      onProgress: (analysis, fraction) => {
        const now = performance.now();
        if (now - last < 50 && fraction < 1) return;
        last = now;
        post({ type: 'progress', analysis, fraction });
      },
    });
    const seconds = (performance.now() - started) / 1000;
    let zcheck: Extract<WorkerReply, { type: 'result' }>['zcheck'] = null;
    if (result.analyses.some((a) => a.type === 'ac')) {
      try {
        zcheck = zcheckNetlist(parseNetlist(text, { file, cwd: WORK_DIR }));
      } catch (err) {
        zcheck = `not available: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    post({ type: 'result', result, figures: figures(result, (message) => post({ type: 'warning', message })), zcheck, seconds });
  } catch (err) {
    if (err instanceof NetlistError || err instanceof SimulationError) {
      const at = err.loc && err.loc.file === file ? err.loc : undefined;
      post({ type: 'error', message: err.format(), file: err.loc?.file ?? file, line: at?.line ?? 0, column: at?.column ?? 0 });
    } else post({ type: 'error', message: `internal error: ${err instanceof Error ? err.message : String(err)}`, file, line: 0, column: 0 });
  }
};
