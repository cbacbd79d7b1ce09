// The registrar area: registering a letter, visit or phone petition, and its receipt.
import type { Area } from '../types'

export const area: Area = {
  routes: [
    {
      path: 'register',
      name: 'wb-register',
      meta: { title: 'wb.registrar.menu', roles: ['registrar', 'petition_office'] },
      component: () => import('./views/RegisterView.vue'),
    },
    {
      path: 'receipt/:id',
      name: 'wb-receipt',
      meta: { title: 'wb.registrar.receiptTitle', roles: ['registrar', 'petition_office'] },
      component: () => import('./views/ReceiptView.vue'),
    },
  ],
  menu: [{ route: 'wb-register', title: 'wb.registrar.menu', roles: ['registrar', 'petition_office'], order: 10 }],
}
