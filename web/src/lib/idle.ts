/**
 * The kiosk's idle timer: any touch, key or typing restarts it; when it runs out the kiosk
 * goes back to its start page and forgets everything (see wipe.ts).
 */

export const DEFAULT_IDLE_S = 90
export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'] as const

export interface IdleTimer {
  start(): void
  reset(): void
  stop(): void
}

export function createIdleTimer(opts: {
  timeoutMs: number
  onIdle: () => void
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>
  events?: readonly string[]
}): IdleTimer {
  const events = opts.events ?? ACTIVITY_EVENTS
  let timer: ReturnType<typeof setTimeout> | null = null
  let running = false

  const fire = () => {
    timer = null
    opts.onIdle()
    // Still on duty for the next person.
    if (running) arm()
  }
  const arm = () => {
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(fire, opts.timeoutMs)
  }
  const onActivity = () => {
    if (running) arm()
  }

  return {
    start() {
      if (running) return
      running = true
      for (const e of events) opts.target.addEventListener(e, onActivity, { capture: true, passive: true })
      arm()
    },
    reset() {
      if (running) arm()
    },
    stop() {
      running = false
      if (timer !== null) clearTimeout(timer)
      timer = null
      for (const e of events) opts.target.removeEventListener(e, onActivity, { capture: true })
    },
  }
}

/**
 * The idle time in seconds: `?idle=` in the kiosk's URL, else the build's
 * VITE_KIOSK_IDLE_S, else 90. Values outside 5 s .. 1 hour are ignored.
 */
export function idleSeconds(fromUrl: unknown, fromBuild: string | undefined): number {
  for (const raw of [Array.isArray(fromUrl) ? fromUrl[0] : fromUrl, fromBuild]) {
    if (typeof raw !== 'string' || raw.trim() === '') continue
    const n = Number(raw)
    if (Number.isFinite(n) && n >= 5 && n <= 3600) return Math.round(n)
  }
  return DEFAULT_IDLE_S
}
