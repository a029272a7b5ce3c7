'use strict'
// What the scenarios share: clients built for the broker under test, unique names, waiting,
// producing and consuming helpers. kafkajs is required lazily so that `run.js list` works
// before it is installed.
const assert = require('node:assert/strict')

let kafkajs
const K = () => (kafkajs ??= require('kafkajs'))

const bootstrap = process.env.KAFKAJS_BOOTSTRAP || 'localhost:9092'
const runTag = `${Date.now().toString(36)}${process.pid.toString(36)}`
let seq = 0

// A scenario that cannot run here (a codec package that did not install): status "error".
class SetupError extends Error {}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

function log(...parts) {
  console.log(`[${new Date().toISOString()}] ${parts.join(' ')}`)
}

// Polls cond until it returns a truthy value; `what` may be a function, for a message that
// tells the state at the time out.
async function waitFor(cond, { timeout = 30000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = await cond()
    if (value) return value
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}`)
    }
    await sleep(interval)
  }
}

// A consumed record as plain data.
function record(topic, partition, message) {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key == null ? null : message.key.toString(),
    value: message.value == null ? null : message.value.toString(),
    headers: message.headers,
    timestamp: Number(message.timestamp),
  }
}

// One scenario's clients; everything it opened is closed at the end, in reverse order.
class Context {
  constructor(name) {
    this.name = name
    this.cleanups = []
  }

  defer(fn) {
    this.cleanups.push(fn)
  }

  async cleanup() {
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn()
      } catch (e) {
        log(`cleanup: ${e.message}`)
      }
    }
  }

  unique(prefix) {
    return `kjs-${this.name}-${prefix}-${runTag}-${seq++}`
  }

  kafka(options = {}) {
    const { Kafka, logLevel } = K()
    return new Kafka({
      clientId: `samsa-compat-${this.name}`,
      brokers: [bootstrap],
      logLevel: process.env.KAFKAJS_DEBUG ? logLevel.DEBUG : logLevel.INFO,
      connectionTimeout: 5000,
      requestTimeout: 30000,
      retry: { initialRetryTime: 100, retries: 8 },
      ...options,
    })
  }

  async admin(kafkaOptions) {
    const admin = this.kafka(kafkaOptions).admin()
    await admin.connect()
    this.defer(() => admin.disconnect())
    return admin
  }

  async producer(options = {}, kafkaOptions) {
    const producer = this.kafka(kafkaOptions).producer({ allowAutoTopicCreation: false, ...options })
    await producer.connect()
    this.defer(() => producer.disconnect())
    return producer
  }

  async consumer(options = {}, kafkaOptions) {
    const consumer = this.kafka(kafkaOptions).consumer({
      sessionTimeout: 10000,
      rebalanceTimeout: 10000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
      ...options,
    })
    await consumer.connect()
    this.defer(() => consumer.disconnect())
    return consumer
  }

  // Creates a topic and checks that kafkajs reports it as created.
  async createTopic(admin, topic, numPartitions = 1, configs = {}) {
    const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value: String(value) }))
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }],
      waitForLeaders: true,
    })
    assert.equal(created, true, `createTopics(${topic}) reported the topic as existing`)
    log(`created ${topic} with ${numPartitions} partitions`)
    return topic
  }

  // The usual start of a scenario: an admin client and a new topic ("t") of `numPartitions`
  // with `configs`.
  async newTopic(numPartitions, configs) {
    const admin = await this.admin()
    const topic = await this.createTopic(admin, this.unique('t'), numPartitions, configs)
    return { admin, topic }
  }

  // The same and a producer with `producer` options.
  async newTopicAndProducer(numPartitions, { configs, producer: options } = {}) {
    const { admin, topic } = await this.newTopic(numPartitions, configs)
    const producer = await this.producer(options)
    return { admin, topic, producer }
  }

  // Subscribes a new consumer of `groupId` and collects records until `count` have come
  // (or until `until(records)` holds); disconnects it and returns the records.
  async collect({ topics, groupId, count, until, fromBeginning = true, timeout = 30000, options, run }) {
    const consumer = await this.consumer({ groupId, ...options })
    await consumer.subscribe({ topics, fromBeginning })
    const records = []
    await consumer.run({
      ...run,
      eachMessage: async ({ topic, partition, message }) => {
        records.push(record(topic, partition, message))
      },
    })
    const done = until || (rs => rs.length >= count)
    await waitFor(() => done(records), {
      timeout,
      what: () => `records of ${topics} in group ${groupId} (${records.length} so far, want ${count ?? 'more'})`,
    })
    await consumer.disconnect()
    log(`group ${groupId} read ${records.length} records`)
    return records
  }
}

// Records of one partition in offset order.
function ofPartition(records, partition) {
  return records.filter(r => r.partition === partition).sort((a, b) => a.offset - b.offset)
}

// Checks that the records are exactly offsets from..to-1, in order, once each.
function assertContiguous(records, from, to, what) {
  const offsets = records.map(r => r.offset)
  const want = Array.from({ length: to - from }, (_, i) => from + i)
  assert.deepEqual(offsets, want, `${what}: offsets`)
}

// Checks that each of partitions 0..partitions-1 holds exactly offsets 0..n-1 of the records.
function assertEachPartition(records, partitions, n, what = '') {
  for (let p = 0; p < partitions; p++) assertContiguous(ofPartition(records, p), 0, n, `partition ${p}${what}`)
}

module.exports = { K, Context, SetupError, assert, sleep, log, waitFor, record, ofPartition, assertContiguous, assertEachPartition, bootstrap }
