import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { workbenchRoutes } from './workbench/areas'

// Every page is its own chunk: the portal's first route loads only what it shows.
const PortalLayout = () => import('./portal/components/PortalLayout.vue')

const portalPages: RouteRecordRaw[] = [
  { path: '', name: 'home', meta: { title: 'home.title' }, component: () => import('./portal/views/HomeView.vue') },
  { path: 'petition', name: 'petition', meta: { title: 'nav.petition' }, component: () => import('./portal/views/PetitionView.vue') },
  { path: 'track', name: 'track', meta: { title: 'nav.track' }, component: () => import('./portal/views/TrackView.vue') },
  { path: 'suggestions', name: 'suggestions', meta: { title: 'nav.suggestions' }, component: () => import('./portal/views/SuggestionsView.vue') },
  {
    path: 'suggestions/:campaignId',
    name: 'campaign',
    meta: { title: 'nav.suggestions' },
    component: () => import('./portal/views/CampaignView.vue'),
  },
  { path: 'policy', name: 'policy', meta: { title: 'nav.policy' }, component: () => import('./portal/views/PolicyListView.vue') },
  { path: 'policy/:slug', name: 'article', meta: { title: 'nav.policy' }, component: () => import('./portal/views/ArticleView.vue') },
]

// The kiosk offers the same pages under its own layout (its id in the URL).
const kioskPages: RouteRecordRaw[] = [
  { path: '', name: 'kiosk-home', meta: { title: 'kiosk.title' }, component: () => import('./kiosk/views/KioskHomeView.vue') },
  ...portalPages
    .filter((p) => p.path !== '')
    .map((p) => ({ ...p, name: `kiosk-${String(p.name)}` }) as RouteRecordRaw),
]

const routes: RouteRecordRaw[] = [
  {
    path: '/kiosk/:kioskId',
    component: () => import('./kiosk/views/KioskLayout.vue'),
    children: kioskPages,
  },
  {
    // The staff workbench: one frame, each area's pages as its children (workbench/areas.ts).
    path: '/workbench',
    component: () => import('./workbench/frame/components/WorkbenchLayout.vue'),
    // The areas' texts join the locales before the first page's title is set from them.
    beforeEnter: async () => {
      const { mergeAreaMessages } = await import('./workbench/messages')
      mergeAreaMessages()
    },
    children: workbenchRoutes,
  },
  {
    path: '/',
    component: PortalLayout,
    children: [
      ...portalPages,
      { path: 'rate/:code', name: 'rate', meta: { title: 'rate.title' }, component: () => import('./portal/views/RateView.vue') },
      { path: 'survey/:token', name: 'survey', meta: { title: 'survey.title' }, component: () => import('./portal/views/SurveyView.vue') },
      { path: 'signin', name: 'signin', meta: { title: 'signin.title' }, component: () => import('./signin/views/SignInView.vue') },
      { path: ':rest(.*)*', name: 'not-found', meta: { title: 'common.notFound' }, component: () => import('./portal/views/NotFoundView.vue') },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})
