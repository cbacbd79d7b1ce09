import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCountdown } from './countdown'
import { createIdleTimer, DEFAULT_IDLE_S, idleSeconds } from './idle'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the SMS code countdown', () => {
  it('counts down each second to zero and stops', () => {
    const seen: number[] = []
    const cd = createCountdown((n) => seen.push(n))
    cd.start(3)
    expect(seen).toEqual([3])
    vi.advanceTimersByTime(3000)
    expect(seen).toEqual([3, 2, 1, 0])
    expect(cd.remaining()).toBe(0)
    vi.advanceTimersByTime(5000)
    expect(seen).toEqual([3, 2, 1, 0])
  })

  it('starts over when the code is asked for again', () => {
    const seen: number[] = []
    const cd = createCountdown((n) => seen.push(n))
    cd.start(60)
    vi.advanceTimersByTime(10_000)
    expect(cd.remaining()).toBe(50)
    cd.start(60)
    expect(cd.remaining()).toBe(60)
    cd.stop()
    expect(seen.at(-1)).toBe(0)
  })
})

describe('the kiosk idle timer', () => {
  it('fires after the idle time with no activity', () => {
    const target = new EventTarget()
    const onIdle = vi.fn()
    const t = createIdleTimer({ timeoutMs: 90_000, onIdle, target })
    t.start()
    vi.advanceTimersByTime(89_999)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onIdle).toHaveBeenCalledTimes(1)
    t.stop()
  })

  it('restarts on every touch or key, and fires again for the next person', () => {
    const target = new EventTarget()
    const onIdle = vi.fn()
    const t = createIdleTimer({ timeoutMs: 1000, onIdle, target })
    t.start()
    vi.advanceTimersByTime(900)
    target.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(900)
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(900)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1000)
    expect(onIdle).toHaveBeenCalledTimes(2)
    t.stop()
  })

  it('ignores activity and never fires once stopped', () => {
    const target = new EventTarget()
    const onIdle = vi.fn()
    const t = createIdleTimer({ timeoutMs: 1000, onIdle, target })
    t.start()
    t.stop()
    target.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(5000)
    expect(onIdle).not.toHaveBeenCalled()
  })

  it('takes its length from the URL, then the build, then 90 s', () => {
    expect(idleSeconds('20', '60')).toBe(20)
    expect(idleSeconds(undefined, '60')).toBe(60)
    expect(idleSeconds(undefined, undefined)).toBe(DEFAULT_IDLE_S)
    expect(idleSeconds(['15'], undefined)).toBe(15)
    // nonsense or out of range: ignored
    expect(idleSeconds('abc', undefined)).toBe(90)
    expect(idleSeconds('1', undefined)).toBe(90)
  })
})
