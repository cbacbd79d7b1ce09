/**
 * The portal's services, as the home page and the kiosk's start page both offer them: one
 * list, so the two never drift apart. The badge is a CJK character, which every machine's
 * Chinese font draws (an emoji needs a colour emoji font a kiosk may lack).
 */
export const SERVICES = [
  { path: '/petition', name: 'nav.petition', text: 'home.petition', icon: '访' },
  { path: '/track', name: 'nav.track', text: 'home.track', icon: '查' },
  { path: '/suggestions', name: 'nav.suggestions', text: 'home.suggestions', icon: '议' },
  { path: '/policy', name: 'nav.policy', text: 'home.policy', icon: '策' },
] as const
