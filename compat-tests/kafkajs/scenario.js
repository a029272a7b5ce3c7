'use strict'
// Runs one scenario: `node scenario.js NAME` against $KAFKAJS_BOOTSTRAP. Exits 0 when it
// passes, 1 with a `FAIL: why` line when an assertion or a client call fails, 3 with an
// `ERROR: why` line when it cannot run here (see run.js).
const { Context, SetupError, log } = require('./lib')
const { scenarios } = require('./scenarios')

function oneLine(text) {
  return String(text).replace(/\s+/g, ' ').trim()
}

async function main() {
  const name = process.argv[2]
  const scenario = scenarios().find(s => s.name === name)
  if (!scenario) {
    console.log(`ERROR: no scenario ${name}`)
    return 3
  }
  const t = new Context(name)
  let status = 0
  log(`scenario ${name}: ${scenario.what}`)
  try {
    await scenario.run(t)
    log('PASS')
  } catch (e) {
    console.log(e && e.stack ? e.stack : e)
    // kafkajs wraps the last error of its retries; show the cause and the error type too.
    let why = e && e.message ? e.message : String(e)
    if (e && e.type) why += ` [${e.type}]`
    if (e && e.cause && e.cause.message) why += ` (cause: ${e.cause.message}${e.cause.type ? ` [${e.cause.type}]` : ''})`
    if (e instanceof SetupError) {
      console.log(`ERROR: ${oneLine(why)}`)
      status = 3
    } else {
      console.log(`FAIL: ${oneLine(why)}`)
      status = 1
    }
  } finally {
    await t.cleanup()
  }
  return status
}

main().then(
  code => process.exit(code),
  e => {
    console.log(`FAIL: ${oneLine(e && e.message)}`)
    process.exit(1)
  }
)
