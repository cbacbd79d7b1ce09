/**
 * A page's first reads, started with the navigation instead of after the page's code: on a
 * cold load the workbench's frame and page arrive as several files of code, and the reads the
 * page needs first (who is signed in, then the queue or the petition) need none of it. A route
 * names them in `meta.firstReads`; the router starts them (areas.ts startFirstReads, from
 * main.ts) and the page takes each one for its first load only (a later load, e.g. after a
 * command or a refresh, always reads afresh). An answer nobody took within a few seconds of
 * its arrival is dropped.
 *
 * Only plain GETs by URL (lib/api), so this module and its callers stay small enough for the
 * app's first chunk.
 */
import type { RouteLocationNormalized } from 'vue-router'
import { request } from '../../lib/api'
import type { Me } from './session'

/** A route's first reads: the URLs its page GETs first. Asked at once with the user if known,
 * else null (return what needs no user), and again once the user is known. */
export type FirstReads = (to: RouteLocationNormalized, me: Me | null) => string[]

/** How long an answer waits for its page. */
export const EARLY_FRESH_MS = 5000

interface Started {
  answer: Promise<unknown>
  /** When the answer came (null: still on the way). */
  settledAt: number | null
}

const started = new Map<string, Started>()

function fresh(s: Started | undefined): s is Started {
  return !!s && (s.settledAt === null || Date.now() - s.settledAt <= EARLY_FRESH_MS)
}

/** Start GET `url` unless it is already on the way. Its failure is the taker's to handle. */
export function prefetch(url: string): void {
  if (fresh(started.get(url))) return
  // Ahead of the page's many small files in the browser's six connections (HTTP/1.1): the
  // page can draw nothing without this answer, and its code is on the way already.
  const s: Started = { answer: request<unknown>('GET', url, { priority: 'high' }), settledAt: null }
  const settle = () => void (s.settledAt = Date.now())
  s.answer.then(settle, settle)
  started.set(url, s)
}

/** The answer of the read `prefetch(url)` started a moment ago, once; null when there is none. */
export function takeEarly<T>(url: string): Promise<T> | null {
  const s = started.get(url)
  started.delete(url)
  return fresh(s) ? (s.answer as Promise<T>) : null
}
