import { OffsetCommits, PartitionOffset } from './offset-commits';

describe('OffsetCommits', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const build = (commit: (o: PartitionOffset[]) => Promise<void> = async () => undefined) => {
    const sent: PartitionOffset[][] = [];
    const errors: string[] = [];
    const commits = new OffsetCommits(
      async (o) => (sent.push(o), commit(o)),
      20,
      (e) => void errors.push(e.message),
    );
    return { commits, sent, errors };
  };
  const at = (partition: number, offset: number, topic = 't') => ({ topic, partition, offset: String(offset) });

  it('sends nothing before the delay, then one request with the highest offset of each partition', async () => {
    const { commits, sent } = build();
    commits.add(at(0, 5));
    commits.add(at(1, 3));
    commits.add(at(0, 9));
    commits.add(at(0, 7)); // a lower offset never moves a partition back
    commits.add(at(0, 2, 'u'));
    await jest.advanceTimersByTimeAsync(19);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([[at(0, 9), at(1, 3), at(0, 2, 'u')]]);
  });

  it('flush sends at once what is pending, and nothing when nothing is', async () => {
    const { commits, sent } = build();
    await commits.flush();
    commits.add(at(0, 5));
    await commits.flush();
    await jest.advanceTimersByTimeAsync(50);
    expect(sent).toEqual([[at(0, 5)]]);
  });

  it('sends one request at a time, in order, and reports a failed one without stopping the next', async () => {
    let release: () => void = () => undefined;
    const { commits, sent, errors } = build((o) =>
      o[0].offset === '1' ? new Promise<void>((r) => (release = r)) : o[0].offset === '2' ? Promise.reject(new Error('rebalancing')) : Promise.resolve(),
    );
    commits.add(at(0, 1));
    void commits.flush();
    commits.add(at(0, 2));
    void commits.flush();
    commits.add(at(0, 3));
    const last = commits.flush();
    await jest.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s[0].offset)).toEqual(['1']); // the next waits for the first
    release();
    await last;
    expect(sent.map((s) => s[0].offset)).toEqual(['1', '2', '3']);
    expect(errors).toEqual(['rebalancing']);
  });
});
