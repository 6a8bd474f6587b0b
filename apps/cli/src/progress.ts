import { SingleBar } from 'cli-progress';

export interface ProgressState {
  readonly epoch: number;
  readonly trainAcc?: number;
  readonly validAcc?: number;
}

/** Shows training progress: a bar with ETA on a terminal, plain periodic lines otherwise, nothing when quiet. */
export interface Progress {
  update(state: ProgressState): void;
  stop(): void;
}

const percent = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '  -  ' : `${(v * 100).toFixed(1)}%`);

export function createProgress(options: { total: number; start: number; quiet: boolean; label: string }): Progress {
  const stream = process.stderr;
  if (options.quiet) return { update() {}, stop() {} };
  if (stream.isTTY) return barProgress(options.total, options.start, options.label);
  return lineProgress(options.total, options.label);
}

function barProgress(total: number, start: number, label: string): Progress {
  const bar = new SingleBar({
    format: `${label} |{bar}| epoch {value}/{total} | ETA {eta_formatted} | train {train} valid {valid}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 50,
    fps: 10,
  });
  bar.start(total, start, { train: percent(undefined), valid: percent(undefined) });
  let last: ProgressState = { epoch: start };
  return {
    update(state) {
      last = { ...last, ...state };
      bar.update(state.epoch, { train: percent(last.trainAcc), valid: percent(last.validAcc) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** Without a terminal (CI, pipes): a line at most every 5 seconds, and the last one. */
function lineProgress(total: number, label: string): Progress {
  let lastPrinted = 0;
  let last: ProgressState = { epoch: 0 };
  const print = () =>
    process.stderr.write(
      `${label} epoch ${last.epoch}/${total}  train ${percent(last.trainAcc)}  valid ${percent(last.validAcc)}\n`,
    );
  return {
    update(state) {
      last = { ...last, ...state };
      const now = Date.now();
      if (state.trainAcc !== undefined && (now - lastPrinted > 5000 || state.epoch === total)) {
        lastPrinted = now;
        print();
      }
    },
    stop() {},
  };
}
