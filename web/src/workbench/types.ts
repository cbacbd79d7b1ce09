/** What every area of the workbench declares: its pages and its menu entries (area.ts), and
 * its texts (messages.ts, loaded with the workbench's frame, never with the portal). */
import type { RouteRecordRaw } from 'vue-router'

export type Role =
  | 'registrar'
  | 'handler'
  | 'petition_office'
  | 'case_owner'
  | 'inspector'
  | 'leader'
  | 'auditor'
  | 'admin'

export interface MenuItem {
  /** The route's name (a child of /workbench). */
  route: string
  /** A locale key, e.g. 'wb.registrar.menu'. */
  title: string
  /** Who sees it in the menu (the route refuses the others too: meta.roles). */
  roles: Role[]
  /** Lower first; areas share one menu. */
  order: number
}

/** Messages of one area, merged under the same keys into both locales. */
export interface AreaMessages {
  'zh-CN': Record<string, unknown>
  en: Record<string, unknown>
}

export interface Area {
  /** Children of /workbench; each sets meta.title (a locale key) and meta.roles. */
  routes: RouteRecordRaw[]
  menu: MenuItem[]
}
