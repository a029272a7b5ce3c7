'use strict'
// kafkajs producer scenarios: codecs, acks, the idempotent producer, keys, headers and
// timestamps, each read back with a consumer.
const { K, SetupError, assert, log, waitFor, ofPartition, assertContiguous } = require('../lib')

// The codecs kafkajs lacks come from packages (optional dependencies: see package.json).
const codecInstallers = {
  None: () => {},
  GZIP: () => {},
  Snappy: ({ CompressionCodecs, CompressionTypes }) => {
    CompressionCodecs[CompressionTypes.Snappy] = requireCodec('kafkajs-snappy')
  },
  LZ4: ({ CompressionCodecs, CompressionTypes }) => {
    const LZ4Codec = requireCodec('kafkajs-lz4')
    CompressionCodecs[CompressionTypes.LZ4] = new LZ4Codec().codec
  },
  ZSTD: ({ CompressionCodecs, CompressionTypes }) => {
    CompressionCodecs[CompressionTypes.ZSTD] = requireCodec('@kafkajs/zstd')()
  },
}

function requireCodec(name) {
  try {
    return require(name)
  } catch (e) {
    throw new SetupError(`codec package ${name} is not installed (${e.message.split('\n')[0]})`)
  }
}

// Installs the codec and counts its calls: decompressions prove the broker served batches
// in that codec.
function installCodec(typeName) {
  const kafkajs = K()
  codecInstallers[typeName](kafkajs)
  const stats = { compress: 0, decompress: 0 }
  const type = kafkajs.CompressionTypes[typeName]
  const factory = kafkajs.CompressionCodecs[type]
  if (factory) {
    kafkajs.CompressionCodecs[type] = () => {
      const codec = factory()
      return {
        compress: async encoder => {
          stats.compress++
          return codec.compress(encoder)
        },
        decompress: async buffer => {
          stats.decompress++
          return codec.decompress(buffer)
        },
      }
    }
  }
  return { type, stats }
}

// Sends `batches` batches of `perBatch` messages over `partitions` partitions, each
// message's partition chosen by its index; returns the sent messages per partition.
async function sendNumbered(producer, topic, { batches, perBatch, partitions, options = {} }) {
  const sent = Array.from({ length: partitions }, () => [])
  let n = 0
  for (let b = 0; b < batches; b++) {
    const messages = []
    for (let i = 0; i < perBatch; i++, n++) {
      const partition = n % partitions
      const m = { key: `key-${n}`, value: `value-${n} ${'payload '.repeat(n % 13)}`, partition }
      messages.push(m)
      sent[partition].push(m)
    }
    const result = await producer.send({ topic, messages, ...options })
    log(`send ${b}: ${JSON.stringify(result)}`)
    if (options.acks !== 0) {
      for (const r of result) assert.equal(r.errorCode, 0, `send result ${JSON.stringify(r)}`)
    }
  }
  return sent
}

function assertReadBack(records, sent, what) {
  sent.forEach((messages, partition) => {
    const got = ofPartition(records, partition)
    assertContiguous(got, 0, messages.length, `${what} partition ${partition}`)
    assert.deepEqual(got.map(r => [r.key, r.value]), messages.map(m => [m.key, m.value]), `${what} partition ${partition}: keys and values`)
  })
}

function codecScenario(suffix, typeName) {
  return {
    name: `producer-${suffix}`,
    what: `send and sendBatch with compression ${typeName}; a consumer reads every record back equal, in order`,
    run: async t => {
      const { type, stats } = installCodec(typeName)
      const { admin, topic, producer } = await t.newTopicAndProducer(2)
      const sent = await sendNumbered(producer, topic, { batches: 3, perBatch: 100, partitions: 2, options: { compression: type } })
      // sendBatch: two topics in one request
      const other = await t.createTopic(admin, t.unique('o'), 1)
      const extra = Array.from({ length: 50 }, (_, i) => ({ key: `b-${i}`, value: `batch-${i} ${'x'.repeat(i)}`, partition: 0 }))
      const results = await producer.sendBatch({
        compression: type,
        topicMessages: [
          { topic, messages: extra.map(m => ({ ...m, partition: 1 })) },
          { topic: other, messages: extra },
        ],
      })
      log(`sendBatch: ${JSON.stringify(results)}`)
      assert.deepEqual(results.map(r => [r.topicName, r.partition, r.errorCode, r.baseOffset]).sort(), [[other, 0, 0, '0'], [topic, 1, 0, '150']].sort())
      sent[1].push(...extra)
      const records = await t.collect({ topics: [topic, other], groupId: t.unique('g'), count: 400 })
      assertReadBack(records.filter(r => r.topic === topic), sent, topic)
      assertReadBack(records.filter(r => r.topic === other), [extra], other)
      log(`codec calls: ${JSON.stringify(stats)}`)
      if (typeName !== 'None') {
        assert.ok(stats.compress >= 4, `the producer compressed (${stats.compress} calls)`)
        assert.ok(stats.decompress >= 1, `the consumer got ${typeName} batches (${stats.decompress} decompressions)`)
      }
    },
  }
}

function acksScenario(suffix, acks) {
  return {
    name: `producer-acks-${suffix}`,
    what: `send with acks ${acks}: every record arrives`,
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(3)
      const sent = await sendNumbered(producer, topic, { batches: 4, perBatch: 30, partitions: 3, options: { acks } })
      if (acks !== 0) {
        // One more send to check the offsets the broker answers.
        const [r] = await producer.send({ topic, acks, messages: [{ value: 'last', partition: 0 }] })
        assert.equal(r.baseOffset, '40')
        sent[0].push({ key: null, value: 'last' })
      }
      const total = sent.reduce((n, s) => n + s.length, 0)
      const records = await t.collect({ topics: [topic], groupId: t.unique('g'), count: total })
      assertReadBack(records, sent, topic)
    },
  }
}

module.exports = [
  codecScenario('none', 'None'),
  codecScenario('gzip', 'GZIP'),
  codecScenario('snappy', 'Snappy'),
  codecScenario('lz4', 'LZ4'),
  codecScenario('zstd', 'ZSTD'),
  acksScenario('0', 0),
  acksScenario('1', 1),
  acksScenario('all', -1),
  {
    name: 'producer-idempotent',
    what: 'idempotent producer: 10 concurrent sends of 50 records over 4 partitions, none lost or duplicated',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(4, { producer: { idempotent: true, maxInFlightRequests: 1 } })
      const all = []
      await Promise.all(
        Array.from({ length: 10 }, async (_, b) => {
          const messages = Array.from({ length: 50 }, (_, i) => ({ key: `k${b}-${i}`, value: `v${b}-${i}`, partition: (b + i) % 4 }))
          all.push(...messages)
          const result = await producer.send({ topic, acks: -1, messages })
          for (const r of result) assert.equal(r.errorCode, 0)
        })
      )
      // A second round after the first completed: sequence numbers go on.
      const more = Array.from({ length: 20 }, (_, i) => ({ key: `again-${i}`, value: `again-${i}`, partition: i % 4 }))
      await producer.send({ topic, acks: -1, messages: more })
      all.push(...more)
      const records = await t.collect({ topics: [topic], groupId: t.unique('g'), count: all.length })
      assert.equal(records.length, all.length, 'no record twice')
      for (let p = 0; p < 4; p++) {
        const got = ofPartition(records, p)
        const want = all.filter(m => m.partition === p)
        assertContiguous(got, 0, want.length, `partition ${p}`)
        assert.deepEqual(got.map(r => r.value).sort(), want.map(m => m.value).sort(), `partition ${p}: values`)
        // The last round came after everything else: it is last, in order.
        const tail = more.filter(m => m.partition === p).map(m => m.value)
        assert.deepEqual(got.slice(-tail.length).map(r => r.value), tail, `partition ${p}: second round in order`)
      }
    },
  },
  {
    name: 'producer-keys-headers-timestamps',
    what: 'keys (null, empty), values (null, empty, UTF-8, binary), headers (string, binary, repeated) and timestamps read back intact',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(1)
      const ts = Date.now() - 86400 * 1000
      const binary = Buffer.from([0, 1, 2, 254, 255])
      const messages = [
        { key: 'k1', value: 'v1', headers: { a: 'x', bin: binary }, timestamp: String(ts) },
        { key: null, value: 'no key', timestamp: String(ts + 1) },
        { key: 'tombstone', value: null, timestamp: String(ts + 2) },
        { key: '', value: '', headers: { empty: '' }, timestamp: String(ts + 3) },
        { key: 'dup', value: 'repeated header', headers: { dup: ['first', 'second'], other: 'y' }, timestamp: String(ts + 4) },
        { key: 'utf8', value: 'héllo wörld ✓ 日本', headers: { 'ключ': 'значение' }, timestamp: String(ts + 5) },
        { key: binary, value: binary },
      ]
      const before = Date.now()
      await producer.send({ topic, messages })
      const after = Date.now()
      const consumer = await t.consumer({ groupId: t.unique('g') })
      await consumer.subscribe({ topics: [topic], fromBeginning: true })
      const got = []
      await consumer.run({ eachMessage: async ({ message }) => got.push(message) })
      await waitFor(() => got.length >= messages.length, { what: 'all records' })
      await consumer.disconnect()
      assert.equal(got.length, messages.length)
      const str = b => (b == null ? null : b.toString())
      assert.deepEqual(got.map(m => str(m.key)), ['k1', null, 'tombstone', '', 'dup', 'utf8', binary.toString()])
      assert.deepEqual(got.map(m => str(m.value)), ['v1', 'no key', null, '', 'repeated header', 'héllo wörld ✓ 日本', binary.toString()])
      assert.ok(got[6].key.equals(binary) && got[6].value.equals(binary), 'binary key and value')
      for (let i = 0; i < 6; i++) assert.equal(got[i].timestamp, String(ts + i), `record ${i}: timestamp`)
      const now = Number(got[6].timestamp)
      assert.ok(now >= before - 1000 && now <= after + 1000, `a record without a timestamp gets the send time (${now})`)
      assert.equal(str(got[0].headers.a), 'x')
      assert.ok(Buffer.isBuffer(got[0].headers.bin) && got[0].headers.bin.equals(binary), 'binary header')
      assert.deepEqual(Object.keys(got[1].headers), [], 'no headers')
      assert.equal(str(got[3].headers.empty), '')
      assert.ok(Array.isArray(got[4].headers.dup), `a repeated header reads back as an array (${JSON.stringify(got[4].headers)})`)
      assert.deepEqual(got[4].headers.dup.map(str), ['first', 'second'])
      assert.equal(str(got[4].headers.other), 'y')
      assert.equal(str(got[5].headers['ключ']), 'значение')
    },
  },
  {
    name: 'producer-log-append-time',
    what: 'a topic with message.timestamp.type=LogAppendTime stamps records with the broker time',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(1, { configs: { 'message.timestamp.type': 'LogAppendTime' } })
      const before = Date.now()
      const [r] = await producer.send({ topic, messages: [{ value: 'old', timestamp: String(before - 7 * 86400 * 1000) }] })
      const after = Date.now()
      log(JSON.stringify(r))
      assert.ok(Number(r.logAppendTime) >= before - 1000 && Number(r.logAppendTime) <= after + 1000, `produce answer logAppendTime ${r.logAppendTime}`)
      const [rec] = await t.collect({ topics: [topic], groupId: t.unique('g'), count: 1 })
      assert.equal(rec.timestamp, Number(r.logAppendTime), 'the record carries the append time')
    },
  },
  {
    name: 'producer-auto-create-topic',
    what: 'sending to a topic that does not exist creates it (allowAutoTopicCreation, the kafkajs default) with the broker\'s 4 partitions',
    run: async t => {
      const admin = await t.admin()
      const topic = t.unique('auto')
      const producer = await t.producer({ allowAutoTopicCreation: true })
      const [r] = await producer.send({ topic, messages: [{ key: 'k', value: 'first' }] })
      assert.equal(r.errorCode, 0)
      assert.equal(r.baseOffset, '0')
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
      assert.equal(topics[0].partitions.length, 4, 'num.partitions=4')
      const [rec] = await t.collect({ topics: [topic], groupId: t.unique('g'), count: 1 })
      assert.deepEqual([rec.partition, rec.offset, rec.key, rec.value], [r.partition, 0, 'k', 'first'])
    },
  },
  {
    name: 'producer-key-partitioning',
    what: 'the default partitioner sends every record of a key to one partition, in order',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(4)
      const keys = Array.from({ length: 20 }, (_, i) => `user-${i}`)
      const messages = []
      for (let round = 0; round < 3; round++) for (const key of keys) messages.push({ key, value: `${key}:${round}` })
      await producer.send({ topic, messages })
      const records = await t.collect({ topics: [topic], groupId: t.unique('g'), count: messages.length })
      const partitionOf = new Map()
      for (const r of records) {
        if (!partitionOf.has(r.key)) partitionOf.set(r.key, r.partition)
        assert.equal(r.partition, partitionOf.get(r.key), `key ${r.key} on one partition`)
      }
      assert.ok(new Set(partitionOf.values()).size > 1, 'the keys spread over several partitions')
      for (const key of keys) {
        const per = records.filter(r => r.key === key).map(r => r.value)
        assert.deepEqual(per, [0, 1, 2].map(round => `${key}:${round}`), `key ${key}: in order`)
      }
    },
  },
]
