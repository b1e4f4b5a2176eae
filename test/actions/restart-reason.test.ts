// What a restart was for, as its message and /status say it, beside the alert of the same story: a gateway that died
// as it started had its restart said as "gateway died, state file still says running" under an alert that said the
// file said "starting". Each variant of the death is named as its alert names it, in both locales.
import { describe, expect, it } from 'vitest';
import { restartReason } from '../../src/actions/restart.js';

const rec = (variant: string, causes: string[] = []) => ({
  reason: 'state_stale_running',
  checks: ['state_stale_running'],
  causes,
  variants: [variant],
});

describe("a restart's reason for a gateway death", () => {
  it.each([
    ['state_stale_running.start', 'gateway died as it started', '网关一启动就退出'],
    ['state_stale_running.oom', 'gateway died, most likely killed for memory', '网关已退出，很可能因内存不足被杀'],
    ['state_stale_running.killed', 'gateway died, state file still says running', '网关已退出，状态文件仍显示运行中'],
  ])('%s: "%s"', (variant, en, zh) => {
    expect(restartReason(rec(variant), 'en')).toBe(en);
    expect(restartReason(rec(variant), 'zh-CN')).toBe(zh);
  });

  it('one stopped by a signal says the signal', () => {
    const r = rec('state_stale_running.signal', ['demo:state_stale_running#SIGTERM']);
    expect(restartReason(r, 'en')).toBe('gateway stopped by SIGTERM, state file still says running');
  });

  it('a signal variant whose record lost the signal says the death plainly, with no placeholder', () => {
    const r = rec('state_stale_running.signal');
    expect(restartReason(r, 'en')).toBe('gateway died, state file still says running');
    expect(restartReason(r, 'zh-CN')).toBe('网关已退出，状态文件仍显示运行中');
  });
});
