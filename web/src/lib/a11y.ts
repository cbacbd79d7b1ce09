/**
 * Four ARIA slips of Element Plus 2.14's cascader, mended where they appear, because every
 * cascader of the pages (category, region) would otherwise fail axe once opened:
 *
 * - it sets `aria-expanded` on its text input, which no role of a text input allows (and the
 *   combobox role would then require `aria-controls`, which it never sets): it is dropped;
 * - each option that has children names its submenu in `aria-owns` before that submenu
 *   exists (it is drawn only when the option is opened): a reference to nothing is dropped;
 * - a cascader that lets a level above the last be chosen draws a radio button per option
 *   without a label. The option itself (a menuitem named by its text) is what a keyboard or
 *   a screen reader uses, so the unlabelled duplicate is taken out of both (labelling it
 *   would name every option twice);
 * - each level's list scrolls without taking keyboard focus: it takes it (and so does a
 *   select's list of options, the same scroll area).
 *
 * One MutationObserver: the two attributes are mended as they are set, and what is drawn is
 * looked over once a frame, so a page that redraws its lists pays a few selector queries.
 * Remove this file when Element Plus fixes them.
 */

function mend(el: Element): void {
  if (el instanceof HTMLInputElement && el.hasAttribute('aria-expanded') && !el.getAttribute('role')) {
    if (el.closest('.el-cascader')) el.removeAttribute('aria-expanded')
  }
  const owns = el.getAttribute('aria-owns')
  if (owns && el.classList.contains('el-cascader-node')) {
    const missing = owns.split(/\s+/).some((id) => !document.getElementById(id))
    if (missing) el.removeAttribute('aria-owns')
  }
}

export function mendElementPlusAria(root: Node = document.body): MutationObserver {
  // Options are drawn when a menu opens: look them over once a frame, not per inserted node
  // (the lists redraw their rows every few seconds).
  let queued = false
  const sweep = () => {
    queued = false
    document.querySelectorAll('.el-cascader-node[aria-owns]').forEach(mend)
    document.querySelectorAll('.el-cascader-menu__wrap:not([tabindex]), .el-select-dropdown__wrap:not([tabindex])').forEach((wrap) => {
      wrap.setAttribute('tabindex', '0')
    })
    document.querySelectorAll('.el-cascader-node .el-radio:not([aria-hidden])').forEach((radio) => {
      radio.setAttribute('aria-hidden', 'true')
      radio.querySelector('input')?.setAttribute('tabindex', '-1')
    })
  }
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element) mend(r.target)
      else if (r.type === 'childList' && r.addedNodes.length && !queued) {
        queued = true
        requestAnimationFrame(sweep)
      }
    }
  })
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-expanded', 'aria-owns'],
  })
  return observer
}
