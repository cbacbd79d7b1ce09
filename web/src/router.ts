import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

// Every page is its own chunk: the portal's first route loads only what it shows.
const PortalLayout = () => import('./portal/components/PortalLayout.vue')

const portalPages: RouteRecordRaw[] = [
  { path: '', name: 'home', component: () => import('./portal/views/HomeView.vue') },
  { path: 'petition', name: 'petition', component: () => import('./portal/views/PetitionView.vue') },
  { path: 'track', name: 'track', component: () => import('./portal/views/TrackView.vue') },
  { path: 'suggestions', name: 'suggestions', component: () => import('./portal/views/SuggestionsView.vue') },
  {
    path: 'suggestions/:campaignId',
    name: 'campaign',
    component: () => import('./portal/views/CampaignView.vue'),
  },
  { path: 'policy', name: 'policy', component: () => import('./portal/views/PolicyListView.vue') },
  { path: 'policy/:slug', name: 'article', component: () => import('./portal/views/ArticleView.vue') },
]

// The kiosk offers the same pages under its own layout (its id in the URL).
const kioskPages: RouteRecordRaw[] = [
  { path: '', name: 'kiosk-home', component: () => import('./kiosk/views/KioskHomeView.vue') },
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
    path: '/',
    component: PortalLayout,
    children: [
      ...portalPages,
      { path: 'rate/:code', name: 'rate', component: () => import('./portal/views/RateView.vue') },
      { path: 'survey/:token', name: 'survey', component: () => import('./portal/views/SurveyView.vue') },
      { path: 'signin', name: 'signin', component: () => import('./signin/views/SignInView.vue') },
      { path: 'workbench', name: 'workbench', component: () => import('./signin/views/WorkbenchView.vue') },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./portal/views/NotFoundView.vue') },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})
