// The handler area of the workbench: the department's work queue, and the handler's actions
// on the petition page (accept, not accept, return, extension, reply, revisit outcome).
// Who may issue each is intake's COMMAND_ROLES (services/intake/domain/access.py); whether the
// state allows it is the petition's `allowed_commands`.
import type { FirstReads } from '../kit/early'
import { todayIso } from '../kit/light'
import { allows, type Petition } from '../kit/petition'
import type { Me } from '../kit/session'
import type { Area } from '../types'

/** Rows per page of the queue. */
export const QUEUE_PAGE_SIZE = 50

/** The queue page's first read: its first tab (新交办), no filter, one page. The router starts
 * it beside the page's code (kit/early.ts); the page takes it for its first rows. */
export function firstQueueUrl(department: string): string {
  return `/api/routing/v1/queues/${encodeURIComponent(department)}?state=new&limit=${QUEUE_PAGE_SIZE}`
}

/** A handler acts on its own department's petitions only; the office on any it may read. */
const ours = (p: Petition, me: Me) => me.role !== 'handler' || p.department === me.org

export const area: Area = {
  routes: [
    {
      path: 'queue',
      name: 'wb-queue',
      meta: {
        title: 'wb.handler.title',
        roles: ['handler'],
        firstReads: ((_to, me) => (me ? [firstQueueUrl(me.org)] : [])) satisfies FirstReads,
      },
      component: () => import('./views/QueueView.vue'),
    },
  ],
  menu: [{ route: 'wb-queue', title: 'wb.handler.menu', roles: ['handler'], order: 30 }],
  actions: [
    {
      key: 'handler-accept',
      title: 'wb.handler.accept.button',
      roles: ['handler', 'petition_office'],
      show: (p, me) => allows(p, 'accept') && ours(p, me),
      component: () => import('./components/AcceptDialog.vue'),
      order: 10,
      tone: 'primary',
    },
    {
      key: 'handler-not-accept',
      title: 'wb.handler.notAccept.button',
      roles: ['handler', 'petition_office'],
      // A handler decides on what was assigned to it; the office may decline before assigning.
      show: (p, me) => allows(p, 'not-accept') && (me.role !== 'handler' || p.department === me.org),
      component: () => import('./components/NotAcceptDialog.vue'),
      order: 11,
      tone: 'danger',
    },
    {
      key: 'handler-return',
      title: 'wb.handler.return.button',
      roles: ['handler'],
      // Within the objection period only (Art. 23): after it the button is gone.
      show: (p, me) =>
        allows(p, 'return') && p.department === me.org && !!p.due.objection_due && todayIso() <= p.due.objection_due,
      component: () => import('./components/ReturnDialog.vue'),
      order: 12,
      tone: 'danger',
    },
    {
      key: 'handler-extension',
      title: 'wb.handler.extension.button',
      roles: ['handler', 'case_owner'],
      show: (p, me) => allows(p, 'request-extension') && ours(p, me),
      component: () => import('./components/ExtensionDialog.vue'),
      order: 20,
    },
    {
      key: 'handler-reply',
      title: 'wb.handler.reply.button',
      roles: ['handler', 'case_owner'],
      show: (p, me) => allows(p, 'reply') && ours(p, me),
      component: () => import('./components/ReplyDialog.vue'),
      order: 21,
      tone: 'primary',
    },
    {
      key: 'handler-revisit',
      title: 'wb.handler.revisit.button',
      roles: ['handler', 'petition_office'],
      // The page puts feedback's open revisit task on the petition (`revisit`) when there is one.
      show: (p) => allows(p, 'revisit-outcome') && (p.revisit as { state?: string } | null | undefined)?.state === 'open',
      component: () => import('./components/RevisitDialog.vue'),
      order: 30,
      tone: 'primary',
    },
  ],
}
