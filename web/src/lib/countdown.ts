/**
 * The wait before 获取验证码 may be pressed again: counts whole seconds down to 0 against a
 * deadline (so a slow tick does not stretch it) and tells the page each second.
 */

export interface Countdown {
  start(seconds: number): void
  stop(): void
  remaining(): number
}

export function createCountdown(
  onChange: (remaining: number) => void,
  now: () => number = () => Date.now(),
): Countdown {
  let deadline = 0
  let timer: ReturnType<typeof setInterval> | null = null
  let last = 0

  const remaining = () => Math.max(0, Math.ceil((deadline - now()) / 1000))

  function stop() {
    if (timer !== null) clearInterval(timer)
    timer = null
    deadline = 0
    if (last !== 0) {
      last = 0
      onChange(0)
    }
  }

  function tick() {
    const left = remaining()
    if (left !== last) {
      last = left
      onChange(left)
    }
    if (left === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }

  function start(seconds: number) {
    if (timer !== null) clearInterval(timer)
    timer = null
    const whole = Math.max(0, Math.floor(seconds))
    deadline = now() + whole * 1000
    tick()
    if (whole > 0) timer = setInterval(tick, 250)
  }

  return { start, stop, remaining }
}
