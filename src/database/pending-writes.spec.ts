import { PendingWrites } from './pending-writes';
import type { Statement } from './statement';

const insert = (name: string): Statement => ({ sql: `INSERT ${name}`, parameters: [] });

describe('PendingWrites', () => {
  let batches: string[][];
  let failWith: Error | null;
  const newWrites = () =>
    new PendingWrites((statements) => {
      if (failWith) return Promise.reject(failWith);
      batches.push(statements.map((statement) => statement.sql));
      return Promise.resolve();
    });

  beforeEach(() => {
    batches = [];
    failWith = null;
  });

  it('commits its statements in the order they were added, as one batch, then runs what waits for the commit', async () => {
    const writes = newWrites();
    const woken: string[] = [];
    writes.add(insert('lead'));
    writes.afterCommit(() => woken.push(`after ${batches.length} batch`));
    writes.add(insert('log row'));

    await writes.commit();

    expect(batches).toEqual([['INSERT lead', 'INSERT log row']]);
    expect(woken).toEqual(['after 1 batch']);
  });

  it('runs no transaction when nothing was added', async () => {
    await newWrites().commit();
    expect(batches).toEqual([]);
  });

  it('wakes nothing when the commit fails', async () => {
    failWith = new Error('injected fault');
    const writes = newWrites();
    const woken: string[] = [];
    writes.add(insert('text'));
    writes.afterCommit(() => woken.push('worker'));

    await expect(writes.commit()).rejects.toThrow('injected fault');
    expect(woken).toEqual([]);
  });

  it('forgets what was added when discarded', async () => {
    const writes = newWrites();
    writes.add(insert('half done'));
    writes.discard();
    await writes.commit();
    expect(batches).toEqual([]);
  });

  it('refuses writes after its commit, and a second commit', async () => {
    const writes = newWrites();
    await writes.commit();
    expect(() => writes.add(insert('late'))).toThrow('writes added after their commit');
    await expect(writes.commit()).rejects.toThrow('writes committed twice');
  });
});
