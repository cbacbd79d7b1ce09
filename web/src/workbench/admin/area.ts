// The admin area of the workbench: the routing rule set (view, edit, check, preview, versions
// and their differences) and the users of the development directory.
import type { Area } from '../types'

export const area: Area = {
  routes: [
    {
      path: 'admin/rules',
      name: 'wb-admin-rules',
      meta: { title: 'wb.admin.rules.title', roles: ['admin'] },
      component: () => import('./views/RulesView.vue'),
    },
    {
      path: 'admin/users',
      name: 'wb-admin-users',
      meta: { title: 'wb.admin.users.title', roles: ['admin'] },
      component: () => import('./views/UsersView.vue'),
    },
  ],
  menu: [
    { route: 'wb-admin-rules', title: 'wb.admin.menuRules', roles: ['admin'], order: 80 },
    { route: 'wb-admin-users', title: 'wb.admin.menuUsers', roles: ['admin'], order: 81 },
  ],
}
