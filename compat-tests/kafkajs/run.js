'use strict'
// Lists and runs the kafkajs suite's scenarios (see README.md); Node's standard library only,
// so `list` works before kafkajs is installed.
//
// usage: node run.js list [--quick|--full]
//        node run.js run --bootstrap H:P --out FILE --logs DIR --timeout S TEST...
//
// Each scenario runs in a Node process of its own (scenario.js NAME), in a process group of
// its own that is killed at the time limit, so a hung client cannot take the rest down. Its
// output is the test's log; the last `FAIL: ...` line is the result's message.
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { scenarios } = require('./scenarios')

const EXIT_PASS = 0 // scenario.js's exit statuses
const EXIT_ERROR = 3

function parseArgs(argv) {
  const args = { mode: 'quick', timeout: 120, tests: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--quick') args.mode = 'quick'
    else if (a === '--full') args.mode = 'full'
    else if (['--bootstrap', '--out', '--logs', '--timeout'].includes(a)) args[a.slice(2)] = argv[++i]
    else args.tests.push(a)
  }
  args.timeout = Number(args.timeout)
  return args
}

function list(args) {
  for (const s of scenarios()) {
    if (args.mode === 'full' || !s.full) console.log(s.name)
  }
}

function lastLine(text, prefix) {
  const lines = text.split('\n').filter(l => l.startsWith(prefix))
  return lines.length ? lines[lines.length - 1].slice(prefix.length) : ''
}

function runOne(args, test, logPath) {
  return new Promise(resolve => {
    const log = fs.openSync(logPath, 'w')
    fs.writeSync(log, `$ node scenario.js ${test}  (bootstrap ${args.bootstrap}, limit ${args.timeout} s)\n`)
    const child = spawn(process.execPath, [path.join(__dirname, 'scenario.js'), test], {
      cwd: __dirname,
      env: { ...process.env, KAFKAJS_BOOTSTRAP: args.bootstrap, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      stdio: ['ignore', log, log],
      detached: true, // a process group of its own
    })
    let timedOut = false
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch (e) {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, args.timeout * 1000)
    child.on('exit', code => {
      clearTimeout(timer)
      killGroup() // anything it left behind
      fs.closeSync(log)
      const text = fs.readFileSync(logPath, 'utf8')
      if (timedOut) return resolve(['timeout', `no result within ${args.timeout} s`])
      if (code === EXIT_PASS) return resolve(['pass', ''])
      if (code === EXIT_ERROR) return resolve(['error', lastLine(text, 'ERROR: ') || 'error (see the log)'])
      const why = lastLine(text, 'FAIL: ')
      resolve(['fail', why || `exit status ${code} (see the log)`])
    })
  })
}

async function run(args) {
  const byName = new Map(scenarios().map(s => [s.name, s]))
  fs.mkdirSync(args.logs, { recursive: true })
  for (const test of args.tests) {
    const start = Date.now()
    let status, message
    if (!byName.has(test)) [status, message] = ['error', 'no such test']
    else [status, message] = await runOne(args, test, path.join(args.logs, `${test}.log`))
    const line = { test, status, duration_ms: Date.now() - start, message: message.slice(0, 2000) }
    fs.appendFileSync(args.out, JSON.stringify(line) + '\n')
  }
}

const [cmd, ...rest] = process.argv.slice(2)
const args = parseArgs(rest)
if (cmd === 'list') list(args)
else if (cmd === 'run') {
  if (!args.bootstrap || !args.out || !args.logs) {
    console.error('run needs --bootstrap, --out and --logs')
    process.exit(2)
  }
  run(args).catch(e => {
    console.error(e)
    process.exit(2)
  })
} else {
  console.error('usage: run.js list [--quick|--full] | run --bootstrap H:P --out F --logs D --timeout S TEST...')
  process.exit(2)
}
