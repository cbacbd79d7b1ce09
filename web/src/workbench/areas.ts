/**
 * Every area of the workbench, in one list: the router takes their routes as children of
 * /workbench, and the frame builds one menu from their entries (filtered by the user's role).
 * Their texts are in messages.ts.
 */
import { area as admin } from './admin/area'
import { area as auditor } from './auditor/area'
import { area as charts } from './charts/area'
import { area as cockpit } from './cockpit/area'
import { area as frame } from './frame/area'
import { area as handler } from './handler/area'
import { area as inspector } from './inspector/area'
import { area as office } from './office/area'
import { area as owner } from './owner/area'
import { area as registrar } from './registrar/area'
import { area as reports } from './reports/area'
import type { RouteLocationNormalized } from 'vue-router'
import { prefetch, type FirstReads } from './kit/early'
import { readReference } from './kit/names'
import type { Petition } from './kit/petition'
import { useSession, type Me } from './kit/session'
import type { Area, MenuItem, PetitionAction, Role } from './types'

export const AREAS: Area[] = [frame, registrar, office, handler, owner, inspector, auditor, admin, cockpit, charts, reports]

export const workbenchRoutes = AREAS.flatMap((a) => a.routes)

export function menuFor(role: Role): MenuItem[] {
  return AREAS.flatMap((a) => a.menu)
    .filter((m) => m.roles.includes(role))
    .sort((a, b) => a.order - b.order)
}

/** The actions the petition page offers this user on this petition, every area's. */
export function actionsFor(p: Petition, me: Me): PetitionAction[] {
  return AREAS.flatMap((a) => a.actions ?? [])
    .filter((x) => x.roles.includes(me.role) && x.show(p, me))
    .sort((a, b) => a.order - b.order)
}

/**
 * Start what a workbench page reads first while its code still loads (kit/early.ts): who is
 * signed in, intake's reference (names of codes), and the route's `meta.firstReads`: at once
 * what needs no user (a petition), then, once the user is known, what needs them (their
 * queue) if the route is their role's. Never waits: the navigation goes on at once.
 */
export function startFirstReads(to: RouteLocationNormalized): void {
  if (!to.path.startsWith('/workbench')) return
  readReference()
  const reads = to.meta.firstReads as FirstReads | undefined
  const roles = to.meta.roles as Role[] | undefined
  const session = useSession()
  const start = (me: Me | null) => {
    if (reads && (!me || !roles || roles.includes(me.role))) for (const url of reads(to, me)) prefetch(url)
  }
  if (session.me) return start(session.me)
  start(null)
  session
    .load()
    .then((me) => me && start(me))
    .catch(() => undefined) // the frame reads again and says what went wrong
}
