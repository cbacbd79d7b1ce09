/**
 * Every area of the workbench, in one list: the router takes their routes as children of
 * /workbench, and the frame builds one menu from their entries (filtered by the user's role).
 * Their texts are in messages.ts.
 */
import { area as admin } from './admin/area'
import { area as auditor } from './auditor/area'
import { area as frame } from './frame/area'
import { area as handler } from './handler/area'
import { area as inspector } from './inspector/area'
import { area as office } from './office/area'
import { area as owner } from './owner/area'
import { area as registrar } from './registrar/area'
import type { Area, MenuItem, Role } from './types'

export const AREAS: Area[] = [frame, registrar, office, handler, owner, inspector, auditor, admin]

export const workbenchRoutes = AREAS.flatMap((a) => a.routes)

export function menuFor(role: Role): MenuItem[] {
  return AREAS.flatMap((a) => a.menu)
    .filter((m) => m.roles.includes(role))
    .sort((a, b) => a.order - b.order)
}
