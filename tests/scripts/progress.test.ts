import { describe, expect, it } from "vitest";
import { createProgress } from "../../scripts/lib/progress.ts";

/** A progress over a 10 MB file, with a clock the test moves and everything written kept. */
function fakeProgress(tty: boolean, columns?: number) {
  let time = 1_000_000;
  const written: string[] = [];
  const progress = createProgress({ label: "import", totalBytes: 10_000_000, tty, columns, write: (text) => written.push(text), now: () => time });
  const advance = (ms: number) => (time += ms);
  return { progress, written, advance };
}

describe("progress on a terminal", () => {
  it("redraws one line in place with records, bytes of the size, rate and time left", () => {
    const { progress, written, advance } = fakeProgress(true);
    for (let i = 0; i < 1000; i++) progress.record();
    advance(4000);
    progress.read(2_000_000);
    expect(written.at(-1)).toBe("\r\x1b[2Kimport: 1,000 records, 2.0 of 10.0 MB (20%), 250 records/s, 16s left");
  });

  it("redraws at most every 200 ms, however many records go by", () => {
    const { progress, written, advance } = fakeProgress(true);
    advance(200);
    for (let i = 0; i < 500; i++) progress.record();
    advance(199);
    progress.read(1000);
    advance(1);
    progress.record();
    expect(written).toEqual(["\r\x1b[2Kimport: 1 records, 0.0 of 10.0 MB (0%)", "\r\x1b[2Kimport: 501 records, 0.0 of 10.0 MB (0%)"]);
  });

  it("keeps the line within the terminal's width, so it doesn't wrap", () => {
    const { progress, written, advance } = fakeProgress(true, 30);
    advance(1000);
    progress.record();
    expect(written[0]).toBe("\r\x1b[2Kimport: 1 records, 0.0 of 10.");
  });

  it("ends by replacing the line with the totals and time taken", () => {
    const { progress, written, advance } = fakeProgress(true);
    for (let i = 0; i < 3000; i++) progress.record();
    progress.read(10_000_000);
    advance(125_000);
    progress.finish();
    expect(written.at(-1)).toBe("\r\x1b[2Kimport: 3,000 records, 10.0 MB in 2m 05s (24 records/s)\n");
  });
});

describe("progress in a log", () => {
  it("writes a plain line at each tenth of the file, not at the end, which finish() reports", () => {
    const { progress, written, advance } = fakeProgress(false);
    for (let step = 0; step < 20; step++) {
      advance(100);
      progress.record();
      progress.read(500_000);
    }
    progress.finish();
    expect(written).toHaveLength(10);
    expect(written[0]).toBe("import: 2 records, 1.0 of 10.0 MB (10%)\n");
    expect(written[8]).toBe("import: 18 records, 9.0 of 10.0 MB (90%), 10 records/s, 0s left\n");
    expect(written[9]).toBe("import: 20 records, 10.0 MB in 2s (10 records/s)\n");
  });

  it("writes a line after 30 s without one, when the file is slow to get through", () => {
    const { progress, written, advance } = fakeProgress(false);
    advance(29_999);
    for (let i = 0; i < 599; i++) progress.record();
    expect(written).toEqual([]);
    advance(1);
    progress.record();
    advance(30_000);
    progress.read(500_000);
    expect(written).toEqual([
      "import: 600 records, 0.0 of 10.0 MB (0%), 20 records/s\n",
      "import: 600 records, 0.5 of 10.0 MB (5%), 10 records/s, 19m 00s left\n",
    ]);
  });
});
