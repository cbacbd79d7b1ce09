// The petition office's area: the manual routing queue, returned petitions, supervision
// (urgings, 督办, instruction cases), the lights; and its actions on the petition page.
import type { Area } from '../types'

const OFFICE = ['petition_office'] as const

export const area: Area = {
  routes: [
    {
      path: 'office/routing',
      name: 'wb-office-routing',
      meta: { title: 'wb.office.menu.routing', roles: [...OFFICE] },
      component: () => import('./views/RoutingQueueView.vue'),
    },
    {
      path: 'office/returned',
      name: 'wb-office-returned',
      meta: { title: 'wb.office.menu.returned', roles: [...OFFICE] },
      component: () => import('./views/ReturnedView.vue'),
    },
    {
      path: 'office/supervision',
      name: 'wb-office-supervision',
      meta: { title: 'wb.office.menu.supervision', roles: [...OFFICE] },
      component: () => import('./views/SupervisionView.vue'),
    },
    {
      path: 'office/lights',
      name: 'wb-office-lights',
      meta: { title: 'wb.office.menu.lights', roles: ['petition_office', 'leader'] },
      component: () => import('./views/LightsView.vue'),
    },
  ],
  menu: [
    { route: 'wb-office-routing', title: 'wb.office.menu.routing', roles: [...OFFICE], order: 20 },
    { route: 'wb-office-returned', title: 'wb.office.menu.returned', roles: [...OFFICE], order: 21 },
    { route: 'wb-office-supervision', title: 'wb.office.menu.supervision', roles: [...OFFICE], order: 22 },
    { route: 'wb-office-lights', title: 'wb.office.menu.lights', roles: ['petition_office', 'leader'], order: 23 },
  ],
  actions: [
    {
      key: 'office-assign',
      title: 'wb.office.actions.assign',
      roles: [...OFFICE],
      show: (p) => p.allowed_commands.includes('assign'),
      component: () => import('./components/AssignDialog.vue'),
      order: 20,
      tone: 'primary',
    },
    {
      key: 'office-case-owner',
      title: 'wb.office.actions.caseOwner',
      roles: [...OFFICE],
      show: (p) => p.allowed_commands.includes('set_case_owner'),
      component: () => import('./components/CaseOwnerDialog.vue'),
      order: 21,
    },
    {
      key: 'office-urge',
      title: 'wb.office.actions.urge',
      roles: [...OFFICE],
      // Only while a deadline of the handling is running: an answered petition has none.
      show: (p) => !!p.current_due,
      component: () => import('./components/UrgeDialog.vue'),
      order: 22,
    },
    {
      key: 'office-instruction',
      title: 'wb.office.actions.instruction',
      roles: ['petition_office', 'leader'],
      show: (p) => !['closed', 'withdrawn', 're_reviewed'].includes(p.status),
      component: () => import('./components/InstructionDialog.vue'),
      order: 23,
    },
  ],
}
