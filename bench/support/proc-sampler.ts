/**
 * Samples CPU and resident memory of named groups of processes from /proc (what `ps -o
 * pcpu,rss` reads, but CPU as a per-interval delta: ps's %CPU is the lifetime average).
 * CPU is in percent of one core, so a 2-core machine tops out at 200%.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = 100;

export interface GroupFigures {
  /** Mean CPU% over the samples in the window. */
  avgCpu: number;
  maxCpu: number;
  /** Largest RSS sampled in the window (sum over the group's processes), MB. */
  peakRssMb: number;
}

interface Sample {
  at: number;
  cpu: Map<string, number>;
  rssKb: Map<string, number>;
  /** Whole machine, every process, percent of one core. */
  machineCpu: number;
}

function readTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function readMemKb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

function readMachine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export class ProcSampler {
  private readonly samples: Sample[] = [];
  private readonly lastTicks = new Map<number, { ticks: number; at: number }>();
  /** Highest VmHWM seen per process name (kernel-recorded peak, between samples too). */
  private readonly hwmKb = new Map<string, number>();
  private lastMachine = readMachine();
  private timer: NodeJS.Timeout | undefined;
  readonly cores = cpus().length;

  /** `targets` names groups of pids; it is asked again at every sample (processes restart). */
  constructor(
    private readonly targets: () => Record<string, number[]>,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const at = performance.now();
    const cpu = new Map<string, number>();
    const rssKb = new Map<string, number>();
    for (const [name, pids] of Object.entries(this.targets())) {
      let cpuSum = 0;
      let rssSum = 0;
      for (const pid of pids) {
        const ticks = readTicks(pid);
        const mem = readMemKb(pid);
        if (ticks === undefined || !mem) continue;
        const last = this.lastTicks.get(pid);
        if (last && at > last.at) cpuSum += ((ticks - last.ticks) / TICKS_PER_SECOND / ((at - last.at) / 1000)) * 100;
        this.lastTicks.set(pid, { ticks, at });
        rssSum += mem.rss;
        if (pids.length === 1) this.hwmKb.set(name, Math.max(this.hwmKb.get(name) ?? 0, mem.hwm));
      }
      cpu.set(name, cpuSum);
      rssKb.set(name, rssSum);
    }
    const machine = readMachine();
    const dTotal = machine.total - this.lastMachine.total;
    const machineCpu = dTotal > 0 ? ((machine.busy - this.lastMachine.busy) / dTotal) * this.cores * 100 : 0;
    this.lastMachine = machine;
    this.samples.push({ at, cpu, rssKb, machineCpu });
  }

  /** Figures per group between two `performance.now()` times (default: everything). */
  window(
    from = 0,
    to = Number.POSITIVE_INFINITY,
  ): { groups: Record<string, GroupFigures>; machineAvgCpu: number; seconds: number } {
    const inside = this.samples.filter((s) => s.at > from && s.at <= to);
    const groups: Record<string, GroupFigures> = {};
    const names = new Set(inside.flatMap((s) => [...s.cpu.keys()]));
    for (const name of names) {
      const cpuValues = inside.map((s) => s.cpu.get(name) ?? 0);
      groups[name] = {
        avgCpu: cpuValues.reduce((a, b) => a + b, 0) / Math.max(1, cpuValues.length),
        maxCpu: Math.max(0, ...cpuValues),
        peakRssMb: Math.max(0, ...inside.map((s) => s.rssKb.get(name) ?? 0)) / 1024,
      };
    }
    const machineAvgCpu = inside.reduce((a, s) => a + s.machineCpu, 0) / Math.max(1, inside.length);
    const seconds = inside.length > 0 ? (inside.at(-1)!.at - inside[0]!.at) / 1000 : 0;
    return { groups, machineAvgCpu, seconds };
  }

  /** Kernel-recorded peak RSS (VmHWM) per single-process group, MB: catches peaks between samples. */
  highWaterMb(): Record<string, number> {
    return Object.fromEntries([...this.hwmKb].map(([name, kb]) => [name, kb / 1024]));
  }
}
