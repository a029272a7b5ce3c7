'use strict'
// Errors a kafkajs user meets: invalid topic names, existing topics, oversized records,
// bad partition counts, unknown topics. Plus transactions, which samsa does not serve
// (--full only, not expected to pass on samsa).
const { assert, log } = require('../lib')

// Every Kafka error type in an error, its causes and its aggregated errors.
function errorTypes(e, out = new Set()) {
  if (!e || typeof e !== 'object') return out
  if (e.type) out.add(e.type)
  for (const next of [e.cause, e.originalError]) if (next && next !== e) errorTypes(next, out)
  if (Array.isArray(e.errors)) e.errors.forEach(x => errorTypes(x, out))
  return out
}

async function rejection(promise, what) {
  try {
    await promise
  } catch (e) {
    log(`${what}: ${e.name}: ${e.message} types=${[...errorTypes(e)]}`)
    return e
  }
  assert.fail(`${what} succeeded`)
}

const INVALID_NAMES = ['bad name!', 'a'.repeat(250), '..', 'tab\there']

module.exports = [
  {
    name: 'errors-invalid-topic-name',
    what: 'createTopics with invalid names fails with INVALID_TOPIC_EXCEPTION per topic; producing to one fails the same way',
    run: async t => {
      const admin = await t.admin()
      const e = await rejection(
        admin.createTopics({ topics: INVALID_NAMES.map(topic => ({ topic, numPartitions: 1, replicationFactor: 1 })), waitForLeaders: false }),
        'createTopics of invalid names'
      )
      assert.equal(e.name, 'KafkaJSAggregateError', `error ${e.name}`)
      const byTopic = Object.fromEntries(e.errors.map(x => [x.topic, x.type]))
      assert.deepEqual(byTopic, Object.fromEntries(INVALID_NAMES.map(n => [n, 'INVALID_TOPIC_EXCEPTION'])))
      const producer = await t.producer({ retry: { retries: 1, initialRetryTime: 100 }, allowAutoTopicCreation: true })
      const p = await rejection(producer.send({ topic: 'bad name!', messages: [{ value: 'x' }] }), 'send to an invalid name')
      assert.ok(errorTypes(p).has('INVALID_TOPIC_EXCEPTION'), `send: ${[...errorTypes(p)]} (${p.message})`)
    },
  },
  {
    name: 'errors-topic-already-exists',
    what: 'creating an existing topic: createTopics answers false; mixed with an invalid name, the errors are TOPIC_ALREADY_EXISTS and INVALID_TOPIC_EXCEPTION',
    run: async t => {
      const { admin, topic } = await t.newTopic(2)
      const again = await admin.createTopics({ topics: [{ topic, numPartitions: 5, replicationFactor: 1 }] })
      assert.equal(again, false, 'createTopics of an existing topic')
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      assert.equal(topics[0].partitions.length, 2, 'the existing topic is unchanged')
      const e = await rejection(
        admin.createTopics({ topics: [{ topic }, { topic: 'bad name!' }], waitForLeaders: false }),
        'createTopics of an existing and an invalid name'
      )
      assert.equal(e.name, 'KafkaJSAggregateError')
      const byTopic = Object.fromEntries(e.errors.map(x => [x.topic, x.type]))
      assert.deepEqual(byTopic, { [topic]: 'TOPIC_ALREADY_EXISTS', 'bad name!': 'INVALID_TOPIC_EXCEPTION' })
    },
  },
  {
    name: 'errors-message-too-large',
    what: 'a record over the topic\'s max.message.bytes, and one over the broker default, fail with MESSAGE_TOO_LARGE; smaller ones go',
    run: async t => {
      const admin = await t.admin()
      const small = await t.createTopic(admin, t.unique('small'), 1, { 'max.message.bytes': 10000 })
      const plain = await t.createTopic(admin, t.unique('plain'), 1)
      const producer = await t.producer({ retry: { retries: 1, initialRetryTime: 100 } })
      const e = await rejection(producer.send({ topic: small, messages: [{ value: 'x'.repeat(20000) }] }), '20 KB to max.message.bytes=10000')
      assert.ok(errorTypes(e).has('MESSAGE_TOO_LARGE'), `error types ${[...errorTypes(e)]}`)
      const [ok] = await producer.send({ topic: small, messages: [{ value: 'x'.repeat(5000) }] })
      assert.equal(ok.baseOffset, '0')
      const big = await rejection(producer.send({ topic: plain, messages: [{ value: Buffer.alloc(2 * 1024 * 1024, 7) }] }), '2 MB to the default limit')
      assert.ok(errorTypes(big).has('MESSAGE_TOO_LARGE'), `error types ${[...errorTypes(big)]}`)
      const [ok2] = await producer.send({ topic: plain, messages: [{ value: Buffer.alloc(900 * 1024, 7) }] })
      assert.equal(ok2.baseOffset, '0')
      const offsets = await admin.fetchTopicOffsets(small)
      assert.equal(offsets[0].high, '1', 'only the small record was written')
    },
  },
  {
    name: 'errors-create-partitions-invalid',
    what: 'createPartitions to fewer or as many partitions fails with INVALID_PARTITIONS; of an unknown topic, UNKNOWN_TOPIC_OR_PARTITION',
    run: async t => {
      const admin = await t.admin({ retry: { retries: 1, initialRetryTime: 100 } })
      const topic = await t.createTopic(admin, t.unique('t'), 3)
      for (const count of [2, 3]) {
        const e = await rejection(admin.createPartitions({ topicPartitions: [{ topic, count }] }), `createPartitions to ${count}`)
        assert.ok(errorTypes(e).has('INVALID_PARTITIONS'), `to ${count}: ${[...errorTypes(e)]}`)
      }
      const e = await rejection(admin.createPartitions({ topicPartitions: [{ topic: t.unique('none'), count: 4 }] }), 'createPartitions of an unknown topic')
      assert.ok(errorTypes(e).has('UNKNOWN_TOPIC_OR_PARTITION'), `unknown: ${[...errorTypes(e)]}`)
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      assert.equal(topics[0].partitions.length, 3)
    },
  },
  {
    name: 'errors-unknown-topic',
    what: 'deleteTopics and fetchTopicOffsets of a topic that does not exist fail with UNKNOWN_TOPIC_OR_PARTITION (the admin client does not auto-create)',
    run: async t => {
      const admin = await t.admin({ retry: { retries: 1, initialRetryTime: 100 } })
      const topic = t.unique('none')
      const e = await rejection(admin.deleteTopics({ topics: [topic] }), 'deleteTopics of an unknown topic')
      assert.ok(errorTypes(e).has('UNKNOWN_TOPIC_OR_PARTITION'), `${[...errorTypes(e)]}`)
      const o = await rejection(admin.fetchTopicOffsets(topic), 'fetchTopicOffsets of an unknown topic')
      assert.ok(errorTypes(o).has('UNKNOWN_TOPIC_OR_PARTITION'), `${[...errorTypes(o)]}`)
      const topics = await admin.listTopics()
      assert.ok(!topics.includes(topic), 'nothing was created')
    },
  },
  {
    name: 'transactions-commit-abort',
    full: true,
    what: 'a transactional producer commits one transaction and aborts another; a read_committed consumer sees only the committed records (samsa does not serve transactions)',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(1, { producer: { transactionalId: t.unique('tx'), idempotent: true, maxInFlightRequests: 1 } })
      const commit = await producer.transaction()
      await commit.send({ topic, messages: [{ value: 'committed-1' }, { value: 'committed-2' }] })
      await commit.commit()
      const abort = await producer.transaction()
      await abort.send({ topic, messages: [{ value: 'aborted' }] })
      await abort.abort()
      const last = await producer.transaction()
      await last.send({ topic, messages: [{ value: 'committed-3' }] })
      await last.commit()
      const records = await t.collect({ topics: [topic], groupId: t.unique('g'), count: 3, options: { readUncommitted: false } })
      assert.deepEqual(records.map(r => r.value), ['committed-1', 'committed-2', 'committed-3'])
    },
  },
]
