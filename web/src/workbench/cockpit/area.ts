// The leaders' cockpit (领导驾驶舱): the region's index, map, lights, warnings and measures.
// The petition office reads the same figures for its leaders.
import type { FirstReads } from '../kit/early'
import type { Area } from '../types'

const READERS = ['leader', 'petition_office'] as const

/** The leader's region: the org's own code, or the part before a department's suffix (as
 * scheme.ts homeRegion; restated so the app's first chunk need not carry the cockpit's). */
const regionOf = (org: string) => org.split('-')[0]

/** The cockpit's first reads, on the way beside its code (kit/early.ts): the region's health
 * check of this month (its scorecard and its sub-regions', computed now) and its lights, what
 * the map and the light counts wait for. */
export function firstCardsUrl(region: string): string {
  return `/api/index/v1/index/reports/${encodeURIComponent(region)}?period=month`
}

export function firstLightsUrl(region: string): string {
  return `/api/supervision/v1/lights?by=region&region=${encodeURIComponent(region)}`
}

export const area: Area = {
  routes: [
    {
      path: 'cockpit',
      name: 'wb-cockpit',
      meta: {
        title: 'wb.cockpit.menu',
        roles: [...READERS],
        firstReads: ((_to, me) => (me ? [firstCardsUrl(regionOf(me.org)), firstLightsUrl(regionOf(me.org))] : [])) satisfies FirstReads,
      },
      component: () => import('./views/CockpitView.vue'),
    },
  ],
  menu: [{ route: 'wb-cockpit', title: 'wb.cockpit.menu', roles: [...READERS], order: 5 }],
}
