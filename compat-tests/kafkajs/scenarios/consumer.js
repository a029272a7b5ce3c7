'use strict'
// kafkajs consumer-group scenarios, and the admin calls on groups (list, describe, offsets,
// delete).
const { spawn } = require('node:child_process')
const { K, assert, bootstrap, log, record, waitFor, sleep, ofPartition, assertContiguous, assertEachPartition } = require('../lib')

// Produces `n` records per partition, values "p<partition>-<i>".
async function fill(producer, topic, partitions, n, from = 0) {
  for (let p = 0; p < partitions; p++) {
    await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `p${p}-${from + i}`, partition: p })) })
  }
}

// A new topic of `partitions` filled with `n` records per partition, with the admin client
// and the producer.
async function filledTopic(t, partitions, n) {
  const setup = await t.newTopicAndProducer(partitions)
  await fill(setup.producer, setup.topic, partitions, n)
  return setup
}

// Waits until `records` holds `n` or more; `what` names them in the timeout message.
function untilRecords(records, n, what = `${n} records`) {
  return waitFor(() => records.length >= n, { what: () => `${what} (${records.length})` })
}

// Starts a consumer of `groupId` on `topics` that pushes records into `records` (a new array
// by default); resolves once it has joined the group, with the consumer, its join events and
// the records.
async function startConsumer(t, { groupId, topics, records = [], fromBeginning = true, options = {}, run = {} }) {
  const consumer = await t.consumer({ groupId, ...options })
  const joins = []
  consumer.on(consumer.events.GROUP_JOIN, e => {
    log(`${groupId}: joined ${JSON.stringify(e.payload.memberAssignment)}`)
    joins.push(e.payload)
  })
  await consumer.subscribe({ topics, fromBeginning })
  await consumer.run({
    ...run,
    eachMessage: async ({ topic, partition, message }) => {
      records.push(record(topic, partition, message))
    },
  })
  await waitFor(() => joins.length > 0, { what: `${groupId} to join` })
  return { consumer, joins, records }
}

async function committed(admin, groupId, topic) {
  const [res] = await admin.fetchOffsets({ groupId, topics: [topic] })
  assert.equal(res.topic, topic)
  return [...res.partitions].sort((a, b) => a.partition - b.partition).map(p => p.offset)
}

// A group member in another Node process (so it can die without leaving the group): its
// joins are the partitions it got, in order.
function spawnMember(groupId, topic) {
  const script = `
    const { Kafka, logLevel } = require('kafkajs')
    const [bootstrap, groupId, topic] = process.argv.slice(1)
    const c = new Kafka({ clientId: 'other-member', brokers: [bootstrap], logLevel: logLevel.NOTHING })
      .consumer({ groupId, sessionTimeout: 6000, rebalanceTimeout: 10000, heartbeatInterval: 500, maxWaitTimeInMs: 250 })
    c.on(c.events.GROUP_JOIN, e => console.log('JOINED ' + JSON.stringify(e.payload.memberAssignment[topic] || [])))
    c.connect()
      .then(() => c.subscribe({ topics: [topic], fromBeginning: true }))
      .then(() => c.run({ eachMessage: async () => {} }))
      .catch(e => { console.log('ERROR ' + e.message); process.exit(1) })
  `
  const proc = spawn(process.execPath, ['-e', script, bootstrap, groupId, topic], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const member = { proc, joins: [] }
  let buffered = ''
  proc.stdout.on('data', chunk => {
    buffered += chunk
    const lines = buffered.split('\n')
    buffered = lines.pop()
    for (const line of lines) {
      log(`other member: ${line}`)
      if (line.startsWith('JOINED ')) member.joins.push(line.slice(7))
    }
  })
  return member
}

function offsetsOf(records) {
  return records.map(r => r.offset)
}

module.exports = [
  {
    name: 'consumer-one',
    what: 'one consumer of a group reads a 4-partition topic from the beginning with eachMessage; its commits reach the high watermarks',
    run: async t => {
      const { admin, topic } = await filledTopic(t, 4, 25)
      const groupId = t.unique('g')
      const records = await t.collect({ topics: [topic], groupId, count: 100 })
      assert.equal(records.length, 100)
      for (let p = 0; p < 4; p++) {
        const got = ofPartition(records, p)
        assertContiguous(got, 0, 25, `partition ${p}`)
        assert.deepEqual(got.map(r => r.value), Array.from({ length: 25 }, (_, i) => `p${p}-${i}`))
      }
      await waitFor(async () => (await committed(admin, groupId, topic)).every(o => o === '25'), {
        what: 'commits at offset 25 on every partition',
      })
    },
  },
  {
    name: 'consumer-group-rebalance',
    what: 'three consumers join one group over a 6-partition topic while records flow: the partitions are split, no record is lost',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(6)
      const groupId = t.unique('g')
      const records = []
      const members = []
      let produced = 0
      const produceSome = async n => {
        for (let i = 0; i < n; i++, produced++) {
          await producer.send({ topic, messages: [{ key: `k${produced}`, value: `v${produced}`, partition: produced % 6 }] })
        }
      }
      await produceSome(60)
      for (let m = 0; m < 3; m++) {
        members.push(await startConsumer(t, { groupId, topics: [topic], records }))
        await produceSome(60)
      }
      // Everyone settles in one generation: each member's last assignment, disjoint, covering all.
      const current = () => members.map(({ joins }) => joins[joins.length - 1])
      await waitFor(
        () => {
          const latest = current()
          const parts = latest.flatMap(j => j.memberAssignment[topic] || [])
          return parts.length === 6 && new Set(parts).size === 6 && latest.every(j => (j.memberAssignment[topic] || []).length === 2)
        },
        { what: () => `an assignment of 2 partitions each: ${JSON.stringify(current().map(j => j.memberAssignment))}`, timeout: 40000 }
      )
      await produceSome(60)
      const unique = () => new Set(records.map(r => `${r.partition}:${r.offset}`)).size
      await waitFor(() => unique() >= produced, { what: () => `all ${produced} records (have ${unique()} distinct of ${records.length})`, timeout: 40000 })
      const values = new Set(records.map(r => r.value))
      for (let i = 0; i < produced; i++) assert.ok(values.has(`v${i}`), `record v${i} was consumed`)
      log(`consumed ${records.length} records for ${produced} produced (duplicates after rebalances are allowed)`)
      for (const { consumer } of members) await consumer.disconnect()
    },
  },
  {
    name: 'consumer-each-batch',
    what: 'eachBatch with manual resolveOffset and heartbeat: batches carry the high watermark and first/last offsets; the commits follow',
    run: async t => {
      const { admin, topic } = await filledTopic(t, 2, 40)
      const groupId = t.unique('g')
      const consumer = await t.consumer({ groupId })
      await consumer.subscribe({ topics: [topic], fromBeginning: true })
      const batches = []
      const records = []
      await consumer.run({
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
          batches.push({ partition: batch.partition, hw: batch.highWatermark, first: batch.firstOffset(), last: batch.lastOffset(), n: batch.messages.length })
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break
            records.push(record(batch.topic, batch.partition, message))
            resolveOffset(message.offset)
            await heartbeat()
          }
          await commitOffsetsIfNecessary()
        },
      })
      await untilRecords(records, 80)
      log(`batches: ${JSON.stringify(batches)}`)
      for (const b of batches.filter(x => x.n > 0)) {
        assert.equal(b.hw, '40', `batch of partition ${b.partition}: highWatermark`)
        assert.ok(Number(b.first) <= Number(b.last), `first ${b.first} <= last ${b.last}`)
      }
      assertEachPartition(records, 2, 40)
      await waitFor(async () => (await committed(admin, groupId, topic)).every(o => o === '40'), { what: 'commits at 40' })
    },
  },
  {
    name: 'consumer-seek',
    what: 'seek back to an offset while running: the records from there come again',
    run: async t => {
      const { topic, producer } = await filledTopic(t, 1, 10)
      const { consumer, records } = await startConsumer(t, { groupId: t.unique('g'), topics: [topic] })
      await untilRecords(records, 10)
      consumer.seek({ topic, partition: 0, offset: '3' })
      await untilRecords(records, 17, '7 records again')
      await sleep(500)
      assert.deepEqual(offsetsOf(records), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 4, 5, 6, 7, 8, 9])
      // seek forward past records not read yet
      await fill(producer, topic, 1, 10, 10)
      consumer.seek({ topic, partition: 0, offset: '18' })
      await waitFor(() => records.some(r => r.offset === 19), { what: 'offset 19' })
      log(`after the forward seek: ${offsetsOf(records.slice(17))}`)
      assert.equal(records[records.length - 2].offset, 18)
    },
  },
  {
    name: 'consumer-pause-resume',
    what: 'pause a topic: nothing comes while records are produced; resume: they come',
    run: async t => {
      const { topic, producer } = await filledTopic(t, 2, 5)
      const { consumer, records } = await startConsumer(t, { groupId: t.unique('g'), topics: [topic] })
      await untilRecords(records, 10)
      consumer.pause([{ topic }])
      assert.deepEqual(consumer.paused(), [{ topic, partitions: [0, 1] }])
      await sleep(300) // a fetch in flight may still deliver
      const atPause = records.length
      await fill(producer, topic, 2, 5, 5)
      await sleep(2000)
      assert.equal(records.length, atPause, 'no record while paused')
      consumer.resume([{ topic }])
      await untilRecords(records, 20, '20 records after resume')
      assertEachPartition(records, 2, 10)
    },
  },
  {
    name: 'consumer-manual-commit',
    what: 'autoCommit off, commitOffsets by hand: fetchOffsets shows it and the next consumer of the group starts there',
    run: async t => {
      const { admin, topic } = await filledTopic(t, 2, 20)
      const groupId = t.unique('g')
      const { consumer, records } = await startConsumer(t, { groupId, topics: [topic], run: { autoCommit: false } })
      await untilRecords(records, 40)
      await consumer.commitOffsets([
        { topic, partition: 0, offset: '12' },
        { topic, partition: 1, offset: '7' },
      ])
      assert.deepEqual(await committed(admin, groupId, topic), ['12', '7'])
      await consumer.disconnect()
      assert.deepEqual(await committed(admin, groupId, topic), ['12', '7'], 'leaving commits nothing with autoCommit off')
      const again = await t.collect({ topics: [topic], groupId, count: 21 })
      assert.deepEqual(offsetsOf(ofPartition(again, 0)), [12, 13, 14, 15, 16, 17, 18, 19])
      assert.deepEqual(offsetsOf(ofPartition(again, 1)), Array.from({ length: 13 }, (_, i) => 7 + i))
    },
  },
  {
    name: 'consumer-from-latest',
    what: 'a new group without fromBeginning starts at the end: only records produced after it joined come',
    run: async t => {
      const { topic, producer } = await filledTopic(t, 1, 5)
      const { consumer, records } = await startConsumer(t, { groupId: t.unique('g'), topics: [topic], fromBeginning: false })
      // The start offset is resolved before the first fetch: wait for one.
      let fetches = 0
      consumer.on(consumer.events.FETCH, () => fetches++)
      await waitFor(() => fetches > 0, { what: 'a first fetch' })
      await fill(producer, topic, 1, 3, 5)
      await untilRecords(records, 3, '3 new records')
      await sleep(500)
      assert.deepEqual(offsetsOf(records), [5, 6, 7])
      assert.deepEqual(records.map(r => r.value), ['p0-5', 'p0-6', 'p0-7'])
    },
  },
  {
    name: 'consumer-session-timeout',
    what: 'a member that dies without leaving is dropped after its session timeout; the survivor takes its partitions and their records',
    run: async t => {
      const { topic } = await t.newTopic(4)
      const groupId = t.unique('g')
      const child = spawnMember(groupId, topic)
      t.defer(() => child.proc.kill('SIGKILL'))
      await waitFor(() => child.joins.length > 0, { what: 'the other process to join', timeout: 30000 })
      const { joins, records } = await startConsumer(t, { groupId, topics: [topic] })
      const assigned = () => (joins[joins.length - 1].memberAssignment[topic] || []).length
      await waitFor(() => assigned() === 2 && child.joins.length >= 2, {
        what: () => `two members with 2 partitions each (${JSON.stringify(joins.map(j => j.memberAssignment))}, other: ${child.joins})`,
      })
      const killedAt = Date.now()
      child.proc.kill('SIGKILL')
      log('killed the other member')
      await waitFor(() => assigned() === 4, { what: 'all 4 partitions after the session timeout', timeout: 40000 })
      const took = Date.now() - killedAt
      log(`the survivor had all partitions ${took} ms after the kill`)
      assert.ok(took >= 3000, `the dead member was dropped after ${took} ms, before its 6 s session timeout`)
      const producer = await t.producer()
      await fill(producer, topic, 4, 5)
      await untilRecords(records, 20)
      assertEachPartition(records, 4, 5)
    },
  },
  {
    name: 'consumer-offset-out-of-range',
    what: 'a committed offset past the end, or before the log start after deleteTopicRecords, is reset to the earliest offset',
    run: async t => {
      const { admin, topic } = await filledTopic(t, 1, 10)
      const groupId = t.unique('g')
      const { consumer, records } = await startConsumer(t, { groupId, topics: [topic], run: { autoCommit: false } })
      await untilRecords(records, 10)
      await consumer.commitOffsets([{ topic, partition: 0, offset: '100' }])
      await consumer.disconnect()
      assert.deepEqual(await committed(admin, groupId, topic), ['100'])
      const reset = await t.collect({ topics: [topic], groupId, count: 10 })
      assertContiguous(reset, 0, 10, 'from the beginning after offset 100 was out of range')

      const second = t.unique('g2')
      await admin.setOffsets({ groupId: second, topic, partitions: [{ partition: 0, offset: '3' }] })
      await admin.fetchTopicOffsets(topic)
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '6' }] })
      const after = await t.collect({ topics: [topic], groupId: second, count: 4 })
      assertContiguous(after, 6, 10, 'from the log start after offset 3 was deleted')
    },
  },
  {
    name: 'consumer-small-max-bytes',
    what: 'records larger than maxBytesPerPartition and maxBytes still come, whole, one batch per fetch',
    run: async t => {
      const { topic, producer } = await t.newTopicAndProducer(1)
      const values = []
      for (let i = 0; i < 4; i++) {
        const value = `${i}:` + String.fromCharCode(97 + i).repeat(20000)
        values.push(value)
        await producer.send({ topic, messages: [{ value }] })
      }
      const batch = Array.from({ length: 3 }, (_, i) => `batch ${i}:` + 'z'.repeat(15000))
      await producer.send({ topic, messages: batch.map(value => ({ value })) })
      values.push(...batch)
      const records = await t.collect({
        topics: [topic],
        groupId: t.unique('g'),
        count: values.length,
        options: { maxBytesPerPartition: 1024, maxBytes: 2048, minBytes: 1 },
      })
      assert.deepEqual(records.map(r => r.value), values)
    },
  },
  {
    name: 'consumer-subscribe-regex',
    what: 'subscribe with a regular expression: the matching topics are consumed, the others not',
    run: async t => {
      const admin = await t.admin()
      const prefix = t.unique('re')
      const a = await t.createTopic(admin, `${prefix}-a`, 1)
      const b = await t.createTopic(admin, `${prefix}-b`, 2)
      const other = await t.createTopic(admin, `${prefix}_other`, 1)
      const producer = await t.producer()
      for (const topic of [a, b, other]) await producer.send({ topic, messages: [{ value: `to ${topic}`, partition: 0 }] })
      const records = await t.collect({ topics: [new RegExp(`^${prefix}-`)], groupId: t.unique('g'), count: 2 })
      await sleep(300)
      assert.deepEqual(records.map(r => r.topic).sort(), [a, b].sort())
      assert.deepEqual(records.map(r => r.value).sort(), [`to ${a}`, `to ${b}`].sort())
    },
  },
  {
    name: 'admin-list-groups',
    what: 'listGroups shows a running consumer group with protocol type "consumer"',
    run: async t => {
      const { admin, topic } = await t.newTopic(1)
      const groupId = t.unique('g')
      await startConsumer(t, { groupId, topics: [topic] })
      const { groups } = await admin.listGroups()
      const ours = groups.filter(g => g.groupId === groupId)
      assert.deepEqual(ours, [{ groupId, protocolType: 'consumer' }])
    },
  },
  {
    name: 'admin-describe-groups',
    what: 'describeGroups: a running group is Stable with its member and assignment; after it leaves, Empty; an unknown group is Dead',
    run: async t => {
      const { AssignerProtocol } = K()
      const { admin, topic } = await t.newTopic(3)
      const groupId = t.unique('g')
      const unknown = t.unique('nobody')
      const { consumer, joins } = await startConsumer(t, { groupId, topics: [topic] })
      const { groups } = await admin.describeGroups([groupId, unknown])
      log(JSON.stringify(groups, (k, v) => (v && v.type === 'Buffer' ? `<${v.data.length} bytes>` : v)))
      const g = groups.find(x => x.groupId === groupId)
      assert.equal(g.errorCode, 0)
      assert.equal(g.state, 'Stable')
      assert.equal(g.protocolType, 'consumer')
      assert.equal(g.protocol, 'RoundRobinAssigner')
      assert.equal(g.members.length, 1)
      const [member] = g.members
      assert.equal(member.memberId, joins[0].memberId)
      assert.equal(member.clientId, 'samsa-compat-admin-describe-groups')
      assert.ok(member.clientHost.length > 0, 'clientHost')
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment)
      assert.deepEqual(assignment.assignment, { [topic]: [0, 1, 2] })
      const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata)
      assert.deepEqual(metadata.topics, [topic])
      const u = groups.find(x => x.groupId === unknown)
      assert.equal(u.state, 'Dead')
      assert.deepEqual(u.members, [])
      await consumer.disconnect()
      const after = await admin.describeGroups([groupId])
      assert.equal(after.groups[0].state, 'Empty')
      assert.deepEqual(after.groups[0].members, [])
    },
  },
  {
    name: 'admin-fetch-offsets',
    what: 'fetchOffsets: committed offsets per partition, -1 where nothing was committed, metadata null',
    run: async t => {
      const { admin, topic, producer } = await t.newTopicAndProducer(3)
      await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ value: `m${i}`, partition: 1 })) })
      const groupId = t.unique('g')
      assert.deepEqual(await committed(admin, groupId, topic), ['-1', '-1', '-1'], 'a group that never committed')
      await t.collect({ topics: [topic], groupId, count: 6 })
      await waitFor(async () => (await committed(admin, groupId, topic))[1] === '6', { what: 'the commit of partition 1' })
      const [res] = await admin.fetchOffsets({ groupId, topics: [topic] })
      const parts = [...res.partitions].sort((a, b) => a.partition - b.partition)
      assert.equal(parts[1].offset, '6')
      assert.equal(parts[1].metadata, null)
      for (const p of [0, 2]) assert.ok(['-1', '0'].includes(parts[p].offset), `partition ${p} (nothing read): ${parts[p].offset}`)
    },
  },
  {
    name: 'admin-reset-offsets',
    what: 'resetOffsets of an idle group to the earliest: the next consumer of the group reads everything again',
    run: async t => {
      const { admin, topic, producer } = await filledTopic(t, 2, 5)
      const groupId = t.unique('g')
      await t.collect({ topics: [topic], groupId, count: 10 })
      await waitFor(async () => (await committed(admin, groupId, topic)).every(o => o === '5'), { what: 'commits at 5' })
      await admin.resetOffsets({ groupId, topic, earliest: true })
      const reset = await committed(admin, groupId, topic)
      assert.deepEqual(reset, ['-2', '-2'], 'kafkajs commits -2 for the earliest')
      const [resolved] = await admin.fetchOffsets({ groupId, topics: [topic], resolveOffsets: true })
      assert.deepEqual(resolved.partitions.sort((a, b) => a.partition - b.partition).map(p => p.offset), ['0', '0'])
      const again = await t.collect({ topics: [topic], groupId, count: 10 })
      assertEachPartition(again, 2, 5, ' again')
      // And to the latest (-1, which kafkajs reads as "no commit" until resolved): nothing
      // is left to read.
      await waitFor(async () => (await committed(admin, groupId, topic)).every(o => o === '5'), { what: 'commits at 5 again' })
      await admin.resetOffsets({ groupId, topic })
      assert.deepEqual(await committed(admin, groupId, topic), ['-1', '-1'])
      const [latest] = await admin.fetchOffsets({ groupId, topics: [topic], resolveOffsets: true })
      assert.deepEqual(latest.partitions.sort((a, b) => a.partition - b.partition).map(p => p.offset), ['5', '5'])
      assert.deepEqual(await committed(admin, groupId, topic), ['5', '5'], 'resolveOffsets commits what it resolved')
      await fill(producer, topic, 2, 1, 5)
      const tail = await t.collect({ topics: [topic], groupId, count: 2 })
      assert.deepEqual(tail.map(r => r.offset), [5, 5])
    },
  },
  {
    name: 'admin-set-offsets',
    what: 'setOffsets of an idle group: fetchOffsets shows them and the next consumer starts there; a running group refuses',
    run: async t => {
      const { admin, topic } = await filledTopic(t, 2, 10)
      const groupId = t.unique('g')
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '7' }, { partition: 1, offset: '2' }] })
      assert.deepEqual(await committed(admin, groupId, topic), ['7', '2'])
      const { consumer, records } = await startConsumer(t, { groupId, topics: [topic] })
      await untilRecords(records, 11)
      assert.deepEqual(offsetsOf(ofPartition(records, 0)), [7, 8, 9])
      assert.deepEqual(offsetsOf(ofPartition(records, 1)), [2, 3, 4, 5, 6, 7, 8, 9])
      await assert.rejects(admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] }), /running instances|must have no running/)
      await consumer.disconnect()
    },
  },
  {
    name: 'admin-delete-groups',
    what: 'deleteGroups removes an empty group; a group with a member gets GROUP_NOT_EMPTY, an unknown one GROUP_ID_NOT_FOUND',
    run: async t => {
      const admin = await t.admin({ retry: { retries: 1, initialRetryTime: 100 } })
      const topic = await t.createTopic(admin, t.unique('t'), 1)
      const producer = await t.producer()
      await fill(producer, topic, 1, 3)
      const idle = t.unique('idle')
      await t.collect({ topics: [topic], groupId: idle, count: 3 })
      await waitFor(async () => (await committed(admin, idle, topic))[0] === '3', { what: 'the commit' })
      const busy = t.unique('busy')
      await startConsumer(t, { groupId: busy, topics: [topic] })

      const result = await admin.deleteGroups([idle])
      assert.deepEqual(result.map(r => [r.groupId, r.errorCode]), [[idle, 0]])
      const { groups } = await admin.listGroups()
      assert.ok(!groups.some(g => g.groupId === idle), 'the deleted group is not listed')
      assert.deepEqual(await committed(admin, idle, topic), ['-1'], 'its offsets are gone')

      const unknown = t.unique('nobody')
      const err = await admin.deleteGroups([busy, unknown]).then(
        () => assert.fail('deleteGroups of a busy and an unknown group succeeded'),
        e => e
      )
      log(`${err.name}: ${err.message} ${JSON.stringify(err.groups && err.groups.map(g => [g.groupId, g.errorCode, g.error && g.error.type]))}`)
      assert.equal(err.name, 'KafkaJSDeleteGroupsError')
      const types = Object.fromEntries(err.groups.map(g => [g.groupId, g.error.type]))
      assert.deepEqual(types, { [busy]: 'NON_EMPTY_GROUP', [unknown]: 'GROUP_ID_NOT_FOUND' })
    },
  },
]
