import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { trackStores } from './stores/registry'
import { mendElementPlusAria } from './lib/a11y'
import { startFirstReads } from './workbench/areas'
import { startPageCode } from './lib/pageCode'
import './styles.css'

const pinia = createPinia()
pinia.use(trackStores)

// A workbench page's first reads start with the navigation, beside its code (kit/early.ts),
// and so does its code: the router would ask for a page's files only after the route's own
// guards (the workbench's texts, a file of their own), one wait after another.
router.beforeEach((to) => {
  startFirstReads(to)
  startPageCode(to)
})

// Each page names itself in the browser's title bar (and to screen readers).
router.afterEach((to) => {
  const app = i18n.global.t('common.appName')
  const key = typeof to.meta.title === 'string' ? to.meta.title : ''
  const page = key ? i18n.global.t(key) : ''
  document.title = page && page !== app ? `${page} - ${app}` : app
})

createApp(App).use(pinia).use(router).use(i18n).mount('#app')
mendElementPlusAria()
