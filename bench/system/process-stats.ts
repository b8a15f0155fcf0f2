import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second of /proc/<pid>/stat's CPU times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface Usage {
  /** CPU seconds (user + system) used so far. */
  readonly cpuSeconds: number;
  /** Resident memory in bytes now. */
  readonly rssBytes: number;
}

function usageOf(pid: number): Usage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuSeconds, rssBytes: Number(rss?.[1] ?? 0) * 1024 };
  } catch {
    return undefined; // gone
  }
}

/** A group of processes (one child, or every process of a service), summed. */
export interface ProcessGroup {
  readonly name: string;
  pids(): readonly number[];
}

export const single = (name: string, pid: number | undefined): ProcessGroup => ({ name, pids: () => (pid === undefined ? [] : [pid]) });

function commandLine(pid: number): { comm: string; cmdline: string } | undefined {
  try {
    return { comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') };
  } catch {
    return undefined;
  }
}

/** The services' processes, found by name in /proc (Postgres: the postmaster and every backend). */
export function serviceGroups(): ProcessGroup[] {
  const matching = (test: (comm: string, cmdline: string) => boolean) => () =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((pid) => {
        const found = commandLine(pid);
        return found !== undefined && test(found.comm, found.cmdline);
      });
  return [
    { name: 'postgres (all backends)', pids: matching((comm) => comm === 'postgres' || comm.startsWith('postgres')) },
    { name: 'redis', pids: matching((comm) => comm.startsWith('redis-server')) },
    { name: 'clickhouse', pids: matching((comm, cmdline) => comm.startsWith('clickhouse') || (comm !== 'node' && cmdline.includes('clickhouse-server'))) },
    { name: 'kafka', pids: matching((comm, cmdline) => comm === 'java' && cmdline.includes('kafka')) },
  ];
}

/** CPU seconds the whole machine spent busy (every core; idle and I/O wait excluded), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS;
}

/** Memory in use on the machine (total less available), in bytes. */
function machineUsedBytes(): number {
  const info = readFileSync('/proc/meminfo', 'utf8');
  const kB = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
  return (kB('MemTotal') - kB('MemAvailable')) * 1024;
}

export const MACHINE = 'the whole machine';

/** CPU used and memory of every group between two readings, and of the whole machine. */
export class ProcessStats {
  private readonly start = new Map<string, number>();
  private startedAt = 0;
  private machineStart = 0;

  constructor(readonly groups: readonly ProcessGroup[]) {}

  private read(group: ProcessGroup): Usage {
    const usages = group.pids().map(usageOf);
    return usages.reduce<Usage>((sum, usage) => (usage === undefined ? sum : { cpuSeconds: sum.cpuSeconds + usage.cpuSeconds, rssBytes: sum.rssBytes + usage.rssBytes }), { cpuSeconds: 0, rssBytes: 0 });
  }

  begin(): void {
    this.startedAt = performance.now();
    this.machineStart = machineBusySeconds();
    for (const group of this.groups) this.start.set(group.name, this.read(group).cpuSeconds);
  }

  /**
   * Per group: CPU % of one core over the interval since `begin`, and resident memory (MiB) now; last,
   * the whole machine (`MACHINE`): busy CPU of every core (100 a core), memory in use.
   */
  end(): { name: string; cpuPercent: number; rssMiB: number }[] {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const groups = this.groups.map((group) => {
      const now = this.read(group);
      return { name: group.name, cpuPercent: ((now.cpuSeconds - (this.start.get(group.name) ?? now.cpuSeconds)) / seconds) * 100, rssMiB: now.rssBytes / 1024 / 1024 };
    });
    return [...groups, { name: MACHINE, cpuPercent: ((machineBusySeconds() - this.machineStart) / seconds) * 100, rssMiB: machineUsedBytes() / 1024 / 1024 }];
  }
}
