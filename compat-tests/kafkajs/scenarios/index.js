'use strict'
// Every scenario, in run order: { name, what, full (only under --full), run(t) }.
const FILES = ['./admin', './producer', './consumer', './errors']

function scenarios() {
  const all = FILES.flatMap(f => require(f))
  const seen = new Set()
  for (const s of all) {
    if (seen.has(s.name)) throw new Error(`scenario ${s.name} defined twice`)
    seen.add(s.name)
  }
  return all
}

module.exports = { scenarios }
