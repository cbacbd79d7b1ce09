import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { trackStores } from './stores/registry'
import './styles.css'

const pinia = createPinia()
pinia.use(trackStores)

createApp(App).use(pinia).use(router).use(i18n).mount('#app')
