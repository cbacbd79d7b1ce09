/**
 * Start loading a route's page files as the navigation starts. Vue Router loads a lazy page
 * (`component: () => import(...)`) only after every guard of the route has run; the browser
 * keeps each module it fetched, so when the router asks for the same page a moment later it
 * gets the loading or loaded one, not a second download.
 */
import type { RouteComponent, RouteLocationNormalized } from 'vue-router'

type Loader = () => Promise<unknown>

/** A lazy page, not a component: a plain function, with none of a component's marks. */
export function isLoader(c: RouteComponent | Loader): c is Loader {
  return typeof c === 'function' && !('__vccOpts' in c) && !('props' in c) && !('displayName' in c)
}

export function startPageCode(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    for (const c of Object.values(record.components ?? {})) {
      if (isLoader(c)) c().catch(() => undefined) // the router's own load reports a failure
    }
  }
}
