/** What every area of the workbench declares: its pages and its menu entries (area.ts), and
 * its texts (messages.ts, loaded with the workbench's frame, never with the portal). */
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { Petition } from './kit/petition'
import type { Me } from './kit/session'

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

/**
 * A button on the petition page (frame area) that opens this area's dialog: the petition
 * page shows every action of every area whose `show` is true, so the office's assign or the
 * handler's reply live with their area, not in the page.
 */
export interface PetitionAction {
  key: string
  /** Locale key of the button. */
  title: string
  roles: Role[]
  /** Usually a check of `p.allowed_commands` (intake says what the state allows). */
  show: (p: Petition, me: Me) => boolean
  /** The dialog: props `{ petition: Petition }`, emits `done` (the page reloads) and `close`. */
  component: () => Promise<Component | { default: Component }>
  /** Lower first. */
  order: number
  /** 'primary' for the usual next step, 'danger' for refusals. */
  tone?: 'primary' | 'default' | 'danger'
}

export interface Area {
  /** Children of /workbench; each sets meta.title (a locale key) and meta.roles. */
  routes: RouteRecordRaw[]
  menu: MenuItem[]
  actions?: PetitionAction[]
}
