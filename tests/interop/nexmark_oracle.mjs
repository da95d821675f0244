// The Nexmark correctness oracle: Sabot's Nexmark queries against DuckDB.
//
//   node nexmark_oracle.mjs SABOT_BINARY WORK_DIR [EVENTS [WINDOW_EVENTS]]
//
// 1. `sabot nexmark-gen` writes person/auction/bid as CSV (and as Arrow IPC,
//    which must convert back to the very same CSV bytes).
// 2. `sabot nexmark --query qN --output qN.csv` runs each query at several
//    parallelisms; its last stdout line must be the JSON summary.
// 3. DuckDB (@duckdb/node-api, an engine sharing no code with Sabot) runs the
//    same query, written here in its own SQL, over the generated files, and
//    reads Sabot's result file.
// 4. Both results become one text line per row, every column formatted by
//    DuckDB in the same way; the sorted lines must be identical (the queries
//    are order-insensitive). Column names and their order must match too.
//
// Floats: q1's price is DECIMAL(23, 3) in DuckDB (and in Flink) but float64
// in Sabot (no decimal arithmetic yet). Both are printed with exactly three
// decimals. The exact result has three decimals, and Sabot's double is
// within a few ulps of it (|price| < 2^53), far below the 0.0005 that could
// change the printed digits, so this comparison is exact, not approximate.
//
// Windowed queries (q5, q7, q11, q15-q17, q8) read a second, longer stream
// (WINDOW_EVENTS, default max(EVENTS, 200000)); Sabot fires every window by
// the end of input, so DuckDB computes them as GROUP BYs over the whole
// input, windows written as arithmetic on epoch milliseconds.
//
// Negative controls: each run also compares Sabot's q1, q2, q21, q18, q19,
// q5, q8, q3, q20, q9, q4, q6 and q12 results with deliberately wrong DuckDB
// queries (0.909 * price, MOD(auction, 124), regexp group 0, q18's and q19's
// tie-breaks reversed, q19's top 9, windows sliding every 1 s, q8's windows
// of 5 s, category 11, q9 without or with exclusive time bounds, q4's lowest
// bid, q6's frame of 10 rows, q12's distinct auctions) and fails unless the
// comparison catches each, so a comparison that stopped looking would not go
// unnoticed.
//
// q18, q19 and q9 (ROW_NUMBER per key) can tie on their ORDER BY; Sabot
// breaks ties by the whole row, ascending, and the SQL here says the same.
// q9, q4 and q6 are computed at the end of input: the final table, which is
// what Flink's changelog converges to.
//
// q12 (processing-time windows) is not reproducible: its rows summed per
// bidder are compared, and every row must be one aligned 10 s window.
//
// NEXMARK_ORACLE_ONLY=q3,q9 checks only those queries, without the kill and
// restore runs; NEXMARK_ORACLE_ONLY=restore runs only the kill and restore
// runs, restore:q11 only q11's (the names combine: q3,restore:q3).
//
// Kill and restore: q5 (on RocksDB and in memory), q11 (sessions), q0, q19
// (top-10 in keyed state) and q3 (a join of two sources) run at parallelism 2
// with checkpoints into part files, are killed with SIGKILL part way (after
// a checkpoint; q5 and q11 once rows have been committed) and rerun with
// --restore-from latest; the part files must hold exactly DuckDB's rows. A
// paced run that ends before it could be killed is compared all the same,
// and its line says that nothing was restored.
//
// Exits 0 when everything matches, 1 on a mismatch or failure, 77 (CTest:
// skipped) when node_modules lacks @duckdb/node-api (`make deps`).

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [sabot, workDir, eventsArgument, windowEventsArgument] = process.argv.slice(2);
if (!sabot || !workDir) {
  console.error('usage: node nexmark_oracle.mjs SABOT_BINARY WORK_DIR [EVENTS [WINDOW_EVENTS]]');
  process.exit(2);
}
const events = Number(eventsArgument ?? 50000);
// The windowed queries read a longer stream: at the standard 10,000 events
// per second, 200,000 events are 20 s of event time, so that there are
// several 10 s windows (and bids at their ends), sliding windows that differ,
// and sessions that end.
const windowEvents = Number(windowEventsArgument ?? Math.max(events, 200000));

let duckdb;
try {
  duckdb = await import('@duckdb/node-api');
} catch (error) {
  console.log(`SKIPPED: @duckdb/node-api is not installed (${error.code ?? error.message}); run 'make deps'`);
  process.exit(77);
}

let failures = 0;
function fail(message) {
  console.log(`FAIL: ${message}`);
  failures += 1;
}
function ok(message) {
  console.log(`ok: ${message}`);
}

fs.rmSync(workDir, { recursive: true, force: true });
fs.mkdirSync(workDir, { recursive: true });
const csvDir = path.join(workDir, 'csv');
const arrowDir = path.join(workDir, 'arrow');
const outDir = path.join(workDir, 'out');
fs.mkdirSync(outDir);

/** Runs sabot; returns stdout, or throws with its stderr. */
function runSabot(args) {
  const result = spawnSync(sabot, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) {
    const status = result.error ? `failed to run (${result.error.message})`
      : result.signal ? `was killed by ${result.signal}` : `exited ${result.status}`;
    throw new Error(`sabot ${args.join(' ')} ${status}:\n${result.stderr ?? ''}${result.stdout ?? ''}`);
  }
  return result.stdout;
}

// ------------------------------------------------------------ the data

runSabot(['nexmark-gen', '--events', String(events), '--output', csvDir, '--format', 'csv']);
runSabot(['nexmark-gen', '--events', String(events), '--output', arrowDir, '--format', 'arrow']);
for (const table of ['person', 'auction', 'bid']) {
  const back = path.join(workDir, `${table}-from-arrow.csv`);
  execFileSync(sabot, ['convert', path.join(arrowDir, `${table}.arrow`), back], { stdio: 'pipe' });
  if (Buffer.compare(fs.readFileSync(back), fs.readFileSync(path.join(csvDir, `${table}.csv`))) === 0) {
    ok(`${table}.arrow holds the same rows as ${table}.csv`);
  } else {
    fail(`${table}.arrow converted to CSV differs from ${table}.csv`);
  }
}

const instance = await duckdb.DuckDBInstance.create(':memory:');
const connection = await instance.connect();

async function rowsOf(sql) {
  const reader = await connection.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRows() };
}

/** A DuckDB read_csv call with the given columns (name -> SQL type). */
function readCsv(file, columns) {
  const spec = Object.entries(columns)
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ');
  // Quoted empty strings are strings, not NULL (Sabot quotes "" for that
  // reason); an empty unquoted field is NULL.
  return `read_csv('${file}', header = true, auto_detect = false, allow_quoted_nulls = false, columns = {${spec}})`;
}

const bidColumns = {
  auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', url: 'VARCHAR',
  dateTime: 'TIMESTAMP', extra: 'VARCHAR',
};
const bidView = (dir) => `CREATE OR REPLACE VIEW bid AS SELECT * FROM ${readCsv(path.join(dir, 'bid.csv'), bidColumns)}`;
const personColumns = {
  id: 'BIGINT', name: 'VARCHAR', emailAddress: 'VARCHAR', creditCard: 'VARCHAR', city: 'VARCHAR', state: 'VARCHAR',
  dateTime: 'TIMESTAMP', extra: 'VARCHAR',
};
const auctionColumns = {
  id: 'BIGINT', itemName: 'VARCHAR', description: 'VARCHAR', initialBid: 'BIGINT', reserve: 'BIGINT',
  dateTime: 'TIMESTAMP', expires: 'TIMESTAMP', seller: 'BIGINT', category: 'BIGINT', extra: 'VARCHAR',
};
/** Points the person, auction and bid views at the tables in `dir`. */
async function useTables(dir) {
  await connection.run(bidView(dir));
  await connection.run(`CREATE OR REPLACE VIEW person AS SELECT * FROM ${readCsv(path.join(dir, 'person.csv'),
    personColumns)}`);
  await connection.run(`CREATE OR REPLACE VIEW auction AS SELECT * FROM ${readCsv(path.join(dir, 'auction.csv'),
    auctionColumns)}`);
}
await useTables(csvDir);

// The generated tables themselves: the 1/3/46 split of every 50 events and
// the id spaces the queries rely on.
{
  const { rows } = await rowsOf(`SELECT
      (SELECT count(*) FROM person), (SELECT count(DISTINCT id) FROM person), (SELECT min(id) FROM person),
      (SELECT count(*) FROM auction), (SELECT count(DISTINCT id) FROM auction),
      (SELECT count(*) FROM bid), (SELECT count(*) FROM bid WHERE dateTime IS NULL OR url IS NULL)`);
  const [persons, distinctPersons, firstPerson, auctions, distinctAuctions, bids, nullBids] = rows[0].map(Number);
  const blocks = Math.floor(events / 50);
  const rest = events % 50;
  const expected = [blocks + Math.min(rest, 1), blocks * 3 + Math.max(0, Math.min(rest, 4) - 1),
    blocks * 46 + Math.max(0, rest - 4)];
  if (persons === expected[0] && auctions === expected[1] && bids === expected[2] && persons === distinctPersons &&
      auctions === distinctAuctions && firstPerson === 1000 && nullBids === 0) {
    ok(`generated ${persons} persons, ${auctions} auctions, ${bids} bids (1/3/46 of every 50 events)`);
  } else {
    fail(`generated tables: persons ${persons} (${distinctPersons} ids from ${firstPerson}), auctions ${auctions} ` +
      `(${distinctAuctions} ids), bids ${bids} (${nullBids} with nulls); expected ${expected.join('/')}`);
  }
}

// ----------------------------------------------------------- the queries

// Each query as DuckDB computes it (written from the nexmark-flink SQL, in
// DuckDB's dialect), the types Sabot's result file is read with, and how
// every column is printed for the comparison.
const timestamp = (column) => `strftime(${column}, '%Y-%m-%d %H:%M:%S.%g')`;
const text = (column) => `CAST(${column} AS VARCHAR)`;
// Shared pieces of the new queries' SQL.
const channelId = `CASE WHEN regexp_matches(url, '(&|^)channel_id=([^&]*)')
                        THEN regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) END`;
function hotItems(slideMs) {
  const windows = 10000 / slideMs;
  return `WITH hops AS (
            SELECT auction, (epoch_ms(dateTime) // ${slideMs}) * ${slideMs} - k * ${slideMs} AS window_start
            FROM bid CROSS JOIN (SELECT range AS k FROM range(${windows}))),
          counts AS (SELECT auction, window_start, count(*) AS num FROM hops GROUP BY auction, window_start),
          maxes AS (SELECT window_start, max(num) AS maxn FROM counts GROUP BY window_start)
          SELECT counts.auction, counts.num FROM counts JOIN maxes
          ON counts.window_start = maxes.window_start AND counts.num >= maxes.maxn`;
}
const ranks = ['price < 10000', 'price >= 10000 AND price < 1000000', 'price >= 1000000'];
const rankedCountNames = ['total_bids', 'rank1_bids', 'rank2_bids', 'rank3_bids'];
const rankedCounts = ['count(*) AS total_bids',
  ...ranks.map((rank, k) => `count(*) FILTER (WHERE ${rank}) AS rank${k + 1}_bids`)].join(', ');
const rankedDistinctNames = ['bidder', 'auction'].flatMap((what) =>
  [`total_${what}s`, ...ranks.map((_, k) => `rank${k + 1}_${what}s`)]);
const rankedDistincts = ['bidder', 'auction'].flatMap((what) => [`count(DISTINCT ${what}) AS total_${what}s`,
  ...ranks.map((rank, k) => `count(DISTINCT ${what}) FILTER (WHERE ${rank}) AS rank${k + 1}_${what}s`)]).join(', ');
const bigints = (names) => Object.fromEntries(names.map((name) => [name, 'BIGINT']));
// q18 and q19 as nexmark-flink writes them, with the tie-break Sabot
// documents (docs/nexmark.md): rows equal on the ORDER BY are ordered by the
// whole row, column by column in result order, ascending (NULLs last).
// Without it ROW_NUMBER picks among ties arbitrarily, and ties are common:
// the hot bidder bids on the hot auction several times a millisecond.
const lastBid = (tieBreak) => `SELECT auction, bidder, price, channel, url, dateTime, extra FROM (
            SELECT *, row_number() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC NULLS LAST, ${tieBreak})
                      AS rank_number FROM bid)
          WHERE rank_number <= 1`;
const topPrices = (tieBreak) => `SELECT * FROM (
            SELECT *, row_number() OVER (PARTITION BY auction ORDER BY price DESC NULLS LAST, ${tieBreak})
                      AS rank_number FROM bid)
          WHERE rank_number <= 10`;
const ascending = (columns) => columns.map((column) => `${column} ASC NULLS LAST`).join(', ');
const descending = (columns) => columns.map((column) => `${column} DESC NULLS LAST`).join(', ');
// q8: persons and sellers grouped per tumbling 10 s window, joined on id and window.
function newUsers(sizeMs) {
  return `WITH P AS (SELECT id, name, (epoch_ms(dateTime) // ${sizeMs}) * ${sizeMs} AS starttime FROM person
                     GROUP BY id, name, epoch_ms(dateTime) // ${sizeMs}),
               A AS (SELECT seller, (epoch_ms(dateTime) // ${sizeMs}) * ${sizeMs} AS starttime FROM auction
                     GROUP BY seller, epoch_ms(dateTime) // ${sizeMs})
          SELECT P.id, P.name, epoch_ms(P.starttime) AS starttime FROM P JOIN A
          ON P.id = A.seller AND P.starttime = A.starttime`;
}
// q3 and q20: the regular joins of nexmark-flink, with the category as a
// parameter for the negative controls.
const localItems = (category) => `SELECT P.name, P.city, P.state, A.id FROM auction A JOIN person P ON A.seller = P.id
          WHERE A.category = ${category} AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')`;
const expandedBids = (category) => `SELECT B.auction, B.bidder, B.price, B.channel, B.url, B.dateTime AS bid_dateTime,
                 B.extra AS bid_extra, A.itemName, A.description, A.initialBid, A.reserve,
                 A.dateTime AS auction_dateTime, A.expires, A.seller, A.category, A.extra AS auction_extra
          FROM bid B JOIN auction A ON B.auction = A.id WHERE A.category = ${category}`;
// q9: nexmark-flink's ROW_NUMBER over the auctions joined with the bids
// placed while they ran, with the tie-break Sabot documents after its
// ORDER BY price DESC, dateTime ASC (the whole row in result order).
const bidsWhileRunning = 'B.dateTime BETWEEN A.dateTime AND A.expires';
const q9Columns = ['id', 'itemName', 'description', 'initialBid', 'reserve', 'dateTime', 'expires', 'seller',
  'category', 'extra', 'auction', 'bidder', 'price', 'bid_dateTime', 'bid_extra'];
const q9TieBreak = q9Columns.filter((column) => column !== 'price' && column !== 'bid_dateTime');
const winningBids = (during, tieBreak) => `SELECT ${q9Columns.join(', ')} FROM (
            SELECT *, row_number() OVER (PARTITION BY id ORDER BY price DESC NULLS LAST,
                                         bid_dateTime ASC NULLS LAST, ${tieBreak}) AS rownum
            FROM (SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bid_dateTime, B.extra AS bid_extra
                  FROM auction A JOIN bid B ON A.id = B.auction WHERE ${during}))
          WHERE rownum <= 1`;
// q4: Flink's AVG of a BIGINT is a BIGINT (sum / count, truncated).
const categoryAverages = (winner) => `SELECT Q.category, sum(Q.final) // count(Q.final) AS "final" FROM (
            SELECT ${winner}(B.price) AS "final", A.category FROM auction A JOIN bid B ON A.id = B.auction
            WHERE ${bidsWhileRunning} GROUP BY A.id, A.category) Q
          GROUP BY Q.category`;
// q6: one row per winning auction, the average of its price and the prices
// of the seller's `preceding` winners before it by the bid's dateTime (ties:
// auction id). The winner is q9's: highest price, then earliest bid.
const sellerAverages = (preceding) => `WITH Q AS (
            SELECT id, seller, price, bid_dateTime FROM (
              SELECT A.id, A.seller, B.price, B.dateTime AS bid_dateTime,
                     row_number() OVER (PARTITION BY A.id, A.seller ORDER BY B.price DESC, B.dateTime ASC) AS rownum
              FROM auction A JOIN bid B ON A.id = B.auction WHERE ${bidsWhileRunning})
            WHERE rownum <= 1)
          SELECT seller, sum(price) OVER w // count(price) OVER w AS avg_price FROM Q
          WINDOW w AS (PARTITION BY seller ORDER BY bid_dateTime, id ROWS BETWEEN ${preceding} PRECEDING AND CURRENT ROW)`;
const bidTypes = { auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', url: 'VARCHAR',
  dateTime: 'TIMESTAMP', extra: 'VARCHAR' };
const queries = {
  q0: {
    sql: 'SELECT auction, bidder, price, dateTime, extra FROM bid',
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', dateTime: 'TIMESTAMP', extra: 'VARCHAR' },
    format: { dateTime: timestamp },
    parallelisms: [1, 2, 3],
  },
  q1: {
    sql: 'SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid',
    wrongSql: 'SELECT auction, bidder, 0.909 * price AS price, dateTime, extra FROM bid',
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'DOUBLE', dateTime: 'TIMESTAMP', extra: 'VARCHAR' },
    // DECIMAL(23, 3) prints its three decimals; the double is rounded to them.
    format: { dateTime: timestamp },
    expectedFormat: { price: text },
    actualFormat: { price: (column) => `printf('%.3f', ${column})` },
    parallelisms: [1, 2],
  },
  q2: {
    sql: 'SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0',
    wrongSql: 'SELECT auction, price FROM bid WHERE MOD(auction, 124) = 0',
    columns: { auction: 'BIGINT', price: 'BIGINT' },
    format: {},
    parallelisms: [1, 2],
  },
  q22: {
    // Flink's SPLIT_INDEX is 0-based and NULL past the end; DuckDB's list
    // subscript is 1-based and NULL past the end.
    sql: `SELECT auction, bidder, price, channel, string_split(url, '/')[4] AS dir1,
                 string_split(url, '/')[5] AS dir2, string_split(url, '/')[6] AS dir3 FROM bid`,
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', dir1: 'VARCHAR',
      dir2: 'VARCHAR', dir3: 'VARCHAR' },
    format: {},
    parallelisms: [1, 2],
  },
  // ------------------------------------------- stateless, with functions
  q14: {
    // HOUR() on a TIMESTAMP without zone is the UTC hour in both engines;
    // count_char(extra, 'c') is the length lost by deleting every 'c'.
    sql: `SELECT auction, bidder, 0.908 * price AS price,
                 CASE WHEN hour(dateTime) >= 8 AND hour(dateTime) <= 18 THEN 'dayTime'
                      WHEN hour(dateTime) <= 6 OR hour(dateTime) >= 20 THEN 'nightTime'
                      ELSE 'otherTime' END AS bidTimeType,
                 dateTime, extra, length(extra) - length(replace(extra, 'c', '')) AS c_counts
          FROM bid WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000`,
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'DOUBLE', bidTimeType: 'VARCHAR', dateTime: 'TIMESTAMP',
      extra: 'VARCHAR', c_counts: 'BIGINT' },
    format: { dateTime: timestamp },
    expectedFormat: { price: text },
    actualFormat: { price: (column) => `printf('%.3f', ${column})` },
    parallelisms: [1, 3],
  },
  q21: {
    // Flink's REGEXP_EXTRACT is NULL without a match, DuckDB's ''.
    sql: `SELECT auction, bidder, price, channel,
                 CASE WHEN lower(channel) = 'apple' THEN '0' WHEN lower(channel) = 'google' THEN '1'
                      WHEN lower(channel) = 'facebook' THEN '2' WHEN lower(channel) = 'baidu' THEN '3'
                      ELSE ${channelId} END AS channel_id
          FROM bid WHERE ${channelId} IS NOT NULL OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu')`,
    wrongSql: `SELECT auction, bidder, price, channel,
                      CASE WHEN lower(channel) = 'apple' THEN '0' WHEN lower(channel) = 'google' THEN '1'
                           WHEN lower(channel) = 'facebook' THEN '2' WHEN lower(channel) = 'baidu' THEN '3'
                           ELSE regexp_extract(url, '(&|^)channel_id=([^&]*)', 0) END AS channel_id
               FROM bid WHERE ${channelId} IS NOT NULL OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu')`,
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', channel_id: 'VARCHAR' },
    format: {},
    parallelisms: [1, 3],
  },
  // ------------------------------------------- stateful, per key
  // Sabot keeps each key's rows in keyed state and emits them at the end of
  // input: the final ROW_NUMBER table.
  q18: {
    sql: lastBid(ascending(['auction', 'bidder', 'price', 'channel', 'url', 'extra'])),
    // The tie-break reversed: other bids win the ties (there are ties).
    wrongSql: lastBid(descending(['auction', 'bidder', 'price', 'channel', 'url', 'extra'])),
    columns: bidTypes,
    format: { dateTime: timestamp },
    parallelisms: [1, 3],
  },
  q19: {
    sql: topPrices(ascending(['auction', 'bidder', 'channel', 'url', 'dateTime', 'extra'])),
    wrongSql: [
      // The tie-break reversed: equal prices ranked the other way round
      // (a handful of rows at 50,000 events).
      topPrices(descending(['auction', 'bidder', 'channel', 'url', 'dateTime', 'extra'])),
      // The top 9 instead of 10.
      topPrices(ascending(['auction', 'bidder', 'channel', 'url', 'dateTime', 'extra']))
        .replace('rank_number <= 10', 'rank_number <= 9'),
    ],
    columns: { ...bidTypes, rank_number: 'BIGINT' },
    format: { dateTime: timestamp },
    parallelisms: [1, 3],
  },
  // ---------------------------------------------- regular joins
  // Inner joins of append-only inputs: Sabot emits each pair when its second
  // row arrives, so the result is the SQL join of the whole input.
  q3: {
    sql: localItems(10),
    // Category 11 instead of 10: other auctions.
    wrongSql: localItems(11),
    columns: { name: 'VARCHAR', city: 'VARCHAR', state: 'VARCHAR', id: 'BIGINT' },
    format: {},
    parallelisms: [1, 3],
  },
  q20: {
    sql: expandedBids(10),
    wrongSql: expandedBids(11),
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', url: 'VARCHAR',
      bid_dateTime: 'TIMESTAMP', bid_extra: 'VARCHAR',
      itemName: 'VARCHAR', description: 'VARCHAR', initialBid: 'BIGINT', reserve: 'BIGINT',
      auction_dateTime: 'TIMESTAMP', expires: 'TIMESTAMP', seller: 'BIGINT', category: 'BIGINT',
      auction_extra: 'VARCHAR' },
    format: { bid_dateTime: timestamp, auction_dateTime: timestamp, expires: timestamp },
    parallelisms: [1, 3],
  },
  // The winning bids and the averages over them: Sabot keeps the winners in
  // keyed state and emits them (and the averages) at the end of input, the
  // table Flink's changelog converges to.
  q9: {
    sql: winningBids(bidsWhileRunning, ascending(q9TieBreak)),
    wrongSql: [
      // Every bid of the auction, also those before it starts or after it expires.
      winningBids('TRUE', ascending(q9TieBreak)),
      // Both bounds exclusive: bids at exactly the auction's start or expiry
      // (there are a few hundred) do not count.
      winningBids('B.dateTime > A.dateTime AND B.dateTime < A.expires', ascending(q9TieBreak)),
    ],
    columns: { id: 'BIGINT', itemName: 'VARCHAR', description: 'VARCHAR', initialBid: 'BIGINT', reserve: 'BIGINT',
      dateTime: 'TIMESTAMP', expires: 'TIMESTAMP', seller: 'BIGINT', category: 'BIGINT', extra: 'VARCHAR',
      auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', bid_dateTime: 'TIMESTAMP', bid_extra: 'VARCHAR' },
    format: { dateTime: timestamp, expires: timestamp, bid_dateTime: timestamp },
    parallelisms: [1, 3],
  },
  q4: {
    sql: categoryAverages('max'),
    // The lowest bid instead of the winning one.
    wrongSql: categoryAverages('min'),
    columns: { category: 'BIGINT', final: 'BIGINT' },
    format: {},
    parallelisms: [1, 3],
  },
  q6: {
    sql: sellerAverages(10),
    // The last 10 winners (9 preceding) instead of nexmark-flink's 10
    // preceding and the current one.
    wrongSql: sellerAverages(9),
    columns: { seller: 'BIGINT', avg_price: 'BIGINT' },
    format: {},
    parallelisms: [1, 3],
  },
  // ----------------------------------------- processing-time windows
  // Which window a bid falls in depends on when it arrives, so the windows'
  // rows are not reproducible. What is: per bidder the counts add up to its
  // bids, and every window is a tumbling 10 s window, aligned, holding at
  // least one bid, once per bidder.
  q12: {
    sql: 'SELECT bidder, count(*) AS bid_count FROM bid GROUP BY bidder',
    // Distinct auctions per bidder instead of bids.
    wrongSql: 'SELECT bidder, count(DISTINCT auction) AS bid_count FROM bid GROUP BY bidder',
    header: ['bidder', 'bid_count', 'starttime', 'endtime'],
    columns: { bidder: 'BIGINT', bid_count: 'BIGINT', starttime: 'TIMESTAMP', endtime: 'TIMESTAMP' },
    compared: ['bidder', 'bid_count'],
    actual: (source) => `SELECT bidder, CAST(sum(bid_count) AS BIGINT) AS bid_count FROM (${source}) GROUP BY bidder`,
    violations: (source) => `SELECT bidder, bid_count, starttime, endtime FROM (
            SELECT *, count(*) OVER (PARTITION BY bidder, starttime) AS windows FROM (${source}))
          WHERE endtime - starttime <> INTERVAL 10 SECOND OR epoch_ms(starttime) % 10000 <> 0 OR bid_count < 1
                OR windows > 1`,
    format: {},
    parallelisms: [1, 3],
  },
  // --------------------------------------------------------- windowed
  // Every window fires at the end of input (the final watermark), so each
  // query's result is its whole-input GROUP BY, written with arithmetic on
  // epoch milliseconds: a HOP of 10 s every 2 s puts a row at t in the 5
  // windows starting at floor(t / 2 s) * 2 s - k * 2 s, k = 0..4.
  q5: {
    windowed: true,
    sql: hotItems(2000),
    // Slide 1 s instead of 2 s: other windows, other counts.
    wrongSql: hotItems(1000),
    columns: { auction: 'BIGINT', num: 'BIGINT' },
    format: {},
    parallelisms: [1, 3],
  },
  q7: {
    windowed: true,
    // nexmark-flink's join as it is: BETWEEN includes both ends, so a bid at
    // exactly a window's end also matches that window's maximum.
    sql: `WITH maxes AS (
            SELECT max(price) AS maxprice, (epoch_ms(dateTime) // 10000) * 10000 + 10000 AS window_end
            FROM bid GROUP BY (epoch_ms(dateTime) // 10000))
          SELECT B.auction, B.bidder, B.price, B.dateTime, B.extra FROM bid B JOIN maxes B1 ON B.price = B1.maxprice
          WHERE epoch_ms(B.dateTime) BETWEEN B1.window_end - 10000 AND B1.window_end`,
    columns: { auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', dateTime: 'TIMESTAMP', extra: 'VARCHAR' },
    format: { dateTime: timestamp },
    parallelisms: [1, 3],
  },
  q11: {
    windowed: true,
    // Sessions: a bid more than the gap after the bidder's previous one
    // starts a new session (bids exactly the gap apart merge, as windows
    // [t, t + gap) that touch do). RANGE framing gives bids at the same
    // millisecond the same session number.
    sql: `WITH times AS (
            SELECT bidder, epoch_ms(dateTime) AS t,
                   lag(epoch_ms(dateTime)) OVER (PARTITION BY bidder ORDER BY epoch_ms(dateTime)) AS previous
            FROM bid),
          numbered AS (
            SELECT bidder, t, sum(CASE WHEN previous IS NULL OR t - previous > 10000 THEN 1 ELSE 0 END)
                   OVER (PARTITION BY bidder ORDER BY t RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session
            FROM times)
          SELECT bidder, count(*) AS bid_count, epoch_ms(min(t)) AS starttime, epoch_ms(max(t) + 10000) AS endtime
          FROM numbered GROUP BY bidder, session`,
    columns: { bidder: 'BIGINT', bid_count: 'BIGINT', starttime: 'TIMESTAMP', endtime: 'TIMESTAMP' },
    format: { starttime: timestamp, endtime: timestamp },
    parallelisms: [1, 3],
  },
  q15: {
    windowed: true,
    sql: `SELECT strftime(dateTime, '%Y-%m-%d') AS "day", ${rankedCounts}, ${rankedDistincts}
          FROM bid GROUP BY strftime(dateTime, '%Y-%m-%d')`,
    columns: { day: 'VARCHAR', ...bigints(rankedCountNames), ...bigints(rankedDistinctNames) },
    format: {},
    parallelisms: [1, 3],
  },
  q16: {
    windowed: true,
    sql: `SELECT channel, strftime(dateTime, '%Y-%m-%d') AS "day", max(strftime(dateTime, '%H:%M')) AS "minute",
                 ${rankedCounts}, ${rankedDistincts}
          FROM bid GROUP BY channel, strftime(dateTime, '%Y-%m-%d')`,
    columns: { channel: 'VARCHAR', day: 'VARCHAR', minute: 'VARCHAR', ...bigints(rankedCountNames),
      ...bigints(rankedDistinctNames) },
    format: {},
    parallelisms: [1, 3],
  },
  q17: {
    windowed: true,
    // Flink's AVG of a BIGINT is a BIGINT (the sum divided by the count, truncated).
    sql: `SELECT auction, strftime(dateTime, '%Y-%m-%d') AS "day", ${rankedCounts},
                 min(price) AS min_price, max(price) AS max_price, sum(price) // count(*) AS avg_price,
                 sum(price) AS sum_price
          FROM bid GROUP BY auction, strftime(dateTime, '%Y-%m-%d')`,
    columns: { auction: 'BIGINT', day: 'VARCHAR', ...bigints(rankedCountNames),
      ...bigints(['min_price', 'max_price', 'avg_price', 'sum_price']) },
    format: {},
    parallelisms: [1, 3],
  },
  q8: {
    windowed: true,
    sql: newUsers(10000),
    // Tumbling windows of 5 s instead of 10 s.
    wrongSql: newUsers(5000),
    columns: { id: 'BIGINT', name: 'VARCHAR', starttime: 'TIMESTAMP' },
    format: { starttime: timestamp },
    parallelisms: [1, 3],
  },
};

/** One line per row: every column printed by DuckDB, `\N` for NULL. */
async function canonicalRows(source, columns, format) {
  const printed = Object.keys(columns)
    .map((name) => `${(format[name] ?? text)(`"${name}"`)} AS "${name}"`)
    .join(', ');
  const { rows } = await rowsOf(`SELECT ${printed} FROM (${source})`);
  return rows.map((row) => row.map((value) => (value === null ? '\\N' : String(value))).join('\u001f')).sort();
}

/** The rows only one side has (multisets), at most `limit` of each. */
function difference(expected, actual, limit = 5) {
  const missing = [];
  const extra = [];
  let i = 0;
  let j = 0;
  while (i < expected.length || j < actual.length) {
    if (j >= actual.length || (i < expected.length && expected[i] < actual[j])) {
      missing.push(expected[i++]);
    } else if (i >= expected.length || actual[j] < expected[i]) {
      extra.push(actual[j++]);
    } else {
      i++;
      j++;
    }
  }
  const show = (rows) => rows.slice(0, limit).map((row) => `      ${row.replaceAll('\u001f', ' | ')}`).join('\n');
  return { missing: missing.length, extra: extra.length, text: `    missing (in DuckDB only): ${missing.length}\n` +
    `${show(missing)}\n    extra (in Sabot only): ${extra.length}\n${show(extra)}` };
}

function sameRows(expected, actual) {
  return expected.length === actual.length && expected.every((row, index) => row === actual[index]);
}

// NEXMARK_ORACLE_ONLY=q3,q9: only those queries, no kill and restore;
// =restore: only the kill and restore runs; =restore:q11: only q11's (for
// working on a query; CTest runs everything). The kill and restore runs
// are listed here (they run at the end), windowed first. q5's read a shorter
// stream than the windowed queries (10 s of event time; a run on RocksDB
// costs about one unpaced run, 5 s under ASan); q11 needs the long one's
// 20 s for sessions to end before the end of input.
const restoreWindowEvents = Math.min(windowEvents, 100000);
const restoreRuns = [
  // Sliding windows in RocksDB and in memory, killed once windows have fired.
  { name: 'q5', backend: 'rocksdb', rows: true, runEvents: restoreWindowEvents },
  { name: 'q5', backend: 'memory', rows: true, runEvents: restoreWindowEvents },
  // Sessions in RocksDB, killed once sessions have ended.
  { name: 'q11', backend: 'rocksdb', rows: true },
  // Stateless: only the part files' commits.
  { name: 'q0', backend: 'rocksdb' },
  // The top 10 per auction in keyed state (emitted at the end of input).
  { name: 'q19', backend: 'rocksdb', delayMs: 1000 },
  // A regular join of persons and auctions (two sources; its state in memory).
  { name: 'q3', backend: 'rocksdb', delayMs: 1000 },
];
const only = process.env.NEXMARK_ORACLE_ONLY ? new Set(process.env.NEXMARK_ORACLE_ONLY.split(',')) : null;
for (const name of only ?? []) {
  const restored = name.startsWith('restore:') ? name.slice('restore:'.length) : null;
  if (name !== 'restore' && !(restored ? restoreRuns.some((run) => run.name === restored) : name in queries)) {
    fail(`NEXMARK_ORACLE_ONLY names '${name}', which the oracle does not check`);
  }
}

// The views read the generated stream of a given length: csvDir, or one
// generated the first time it is needed (the windowed queries' longer one).
const streamDirs = new Map([[events, csvDir]]);
let viewsOn = csvDir;
async function useStream(streamEvents) {
  let dir = streamDirs.get(streamEvents);
  if (!dir) {
    dir = path.join(workDir, `csv-${streamEvents}`);
    runSabot(['nexmark-gen', '--events', String(streamEvents), '--output', dir, '--format', 'csv']);
    streamDirs.set(streamEvents, dir);
  }
  if (dir === viewsOn) return;
  await useTables(dir);
  viewsOn = dir;
}

for (const [name, query] of Object.entries(queries)) {
  if (only && !only.has(name)) continue;
  // The windowed queries come last: from the first on, the views read the longer stream.
  await useStream(query.windowed ? windowEvents : events);
  const queryEvents = query.windowed ? windowEvents : events;
  const expectedFormat = { ...query.format, ...(query.expectedFormat ?? {}) };
  const actualFormat = { ...query.format, ...(query.actualFormat ?? {}) };
  const expectedColumns = query.header ?? (await rowsOf(`SELECT * FROM (${query.sql}) LIMIT 0`)).columns;
  // The columns compared (all, unless the query says which).
  const compared = query.compared
    ? Object.fromEntries(query.compared.map((column) => [column, query.columns[column]]))
    : query.columns;
  const expected = await canonicalRows(query.sql, compared, expectedFormat);
  for (const parallelism of query.parallelisms) {
    const label = `${name} at parallelism ${parallelism}`;
    const output = path.join(outDir, `${name}-p${parallelism}.csv`);
    let stdout;
    try {
      stdout = runSabot(['nexmark', '--query', name, '--events', String(queryEvents), '--parallelism',
        String(parallelism), '--output', output]);
    } catch (error) {
      fail(`${label}: ${error.message}`);
      continue;
    }
    // The summary: the last line on stdout, one JSON object.
    const lines = stdout.trimEnd().split('\n');
    let summary;
    try {
      summary = JSON.parse(lines[lines.length - 1]);
    } catch {
      fail(`${label}: the last stdout line is not JSON: ${lines[lines.length - 1]}`);
      continue;
    }
    const fields = ['query', 'events', 'seconds', 'events_per_second', 'events_per_second_per_core', 'cores',
      'checkpoints', 'peak_rss_bytes'];
    const absent = fields.filter((field) => !(field in summary));
    const fileSource = `SELECT * FROM ${readCsv(output, query.columns)}`;
    // Sabot's rows, or (query.actual) what is compared of them.
    const actualSource = query.actual ? query.actual(fileSource) : fileSource;
    const rowsOut = query.actual ? Number((await rowsOf(`SELECT count(*) FROM (${fileSource})`)).rows[0][0])
      : expected.length;
    if (absent.length > 0 || summary.query !== name || summary.events !== queryEvents || summary.checkpoints !== 0 ||
        !(summary.peak_rss_bytes > 0) || summary.rows_out !== rowsOut) {
      fail(`${label}: summary ${JSON.stringify(summary)} (missing: ${absent.join(', ') || 'none'}; ` +
        `expected ${rowsOut} rows out)`);
    }
    const header = fs.readFileSync(output, 'utf8').split('\n', 1)[0].split(',');
    if (header.join(',') !== expectedColumns.join(',')) {
      fail(`${label}: columns ${header.join(', ')}; nexmark-flink's query has ${expectedColumns.join(', ')}`);
      continue;
    }
    if (query.violations) {
      const { rows: bad } = await rowsOf(query.violations(fileSource));
      if (bad.length > 0) {
        fail(`${label}: ${bad.length} rows break the query's invariants, e.g. ${bad.slice(0, 3).map(String).join('; ')}`);
      } else {
        ok(`${label}: ${rowsOut} windows, each aligned, 10 s long, once per bidder`);
      }
    }
    const actual = await canonicalRows(actualSource, compared, actualFormat);
    if (sameRows(expected, actual)) {
      ok(`${label}: ${actual.length} rows, identical to DuckDB's`);
    } else {
      fail(`${label}: ${actual.length} rows differ from DuckDB's ${expected.length}\n` +
        difference(expected, actual).text);
    }
    // wrongSql: one negative control or a list of them.
    for (const wrongSql of parallelism === 1 ? [query.wrongSql ?? []].flat() : []) {
      const wrong = await canonicalRows(wrongSql, compared, expectedFormat);
      if (sameRows(wrong, actual)) {
        fail(`${label}: the negative control (${wrongSql}) was not told apart from Sabot's result`);
      } else {
        const differ = difference(wrong, actual);
        ok(`${label}: negative control caught (${differ.missing} rows only in it, ${differ.extra} only in Sabot's)`);
      }
    }
  }
}

// ------------------------------------------------- kill and restore
//
// Exactly-once through a crash: the query runs at parallelism 2 with
// checkpoints every 100 ms into a directory of part files, paced by --rate
// (a fifth of its events per second) so that it is still running when its
// first checkpoint has completed; after that checkpoint (and, with
// `rows`, once some rows have been committed) and `delayMs` more, it is
// killed with SIGKILL and run again with --restore-from latest (unpaced)
// to the end. The committed part files must hold exactly DuckDB's rows: none
// lost, none twice. A run costs about one unpaced run of the query, wherever
// the kill lands. If the paced run ends before it could be killed (a very
// loaded machine), its part files are compared all the same and the line
// says that nothing was restored.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The completed checkpoints in `directory` (those with their _metadata). */
function completedCheckpoints(directory) {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory).filter((name) => name.startsWith('chk-') &&
    fs.existsSync(path.join(directory, name, '_metadata')));
}

/** The committed (visible) part files in `directory`. */
function partFiles(directory) {
  return fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.startsWith('part-')) : [];
}

/** The rows in the committed part files (CSV, one header line each). */
function committedRows(directory) {
  return partFiles(directory).reduce((rows, file) => rows + Math.max(0,
    fs.readFileSync(path.join(directory, file), 'utf8').split('\n').filter((line) => line !== '').length - 1), 0);
}

/** Starts sabot; resolves with {child, exited: Promise<code>}. */
function startSabot(args) {
  const child = spawn(sabot, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/**
 * Kills `name` part way and restores it, on `backend`: after its first
 * completed checkpoint, with `rows` once rows have been committed too, and
 * `delayMs` later.
 */
async function killAndRestore(name, { backend, rows = false, delayMs = 150, runEvents }) {
  const query = queries[name];
  const queryEvents = runEvents ?? (query.windowed ? windowEvents : events);
  await useStream(queryEvents);
  const dir = path.join(workDir, `restore-${name}-${backend}`);
  const output = path.join(dir, 'out');
  const checkpoints = path.join(dir, 'checkpoints');
  const args = ['nexmark', '--query', name, '--events', String(queryEvents), '--parallelism', '2', '--output',
    `${output}/`, '--format', 'csv', '--checkpoint-dir', checkpoints, '--checkpoint-interval', '100',
    '--state-backend', backend, ...(backend === 'rocksdb' ? ['--state-dir', path.join(dir, 'state')] : [])];
  const rate = queryEvents / 5;
  const label = `${name} on ${backend} killed and restored`;
  // DuckDB's rows first: the kill's timing is not to wait for them.
  const expected = await canonicalRows(query.sql, query.columns, { ...query.format, ...(query.expectedFormat ?? {}) });
  const started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const paced = startSabot([...args, '--rate', String(rate)]);
  let ended = null;
  paced.exited.then((result) => { ended = result; });
  while (ended === null && (completedCheckpoints(checkpoints).length === 0 || (rows && committedRows(output) === 0))) {
    await sleep(20);
  }
  for (const until = Date.now() + delayMs; ended === null && Date.now() < until;) await sleep(10);
  const actualRows = async () => canonicalRows(`SELECT * FROM ${readCsv(path.join(output, 'part-*.csv'),
    query.columns)}`, query.columns, { ...query.format, ...(query.actualFormat ?? {}) });
  const compare = async (what) => {
    const actual = partFiles(output).length > 0 ? await actualRows() : [];
    if (sameRows(expected, actual)) {
      ok(`${label}: ${what}: ${actual.length} rows in ${partFiles(output).length} part files, identical to ` +
        `DuckDB's (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } else {
      fail(`${label}: ${what}: ${actual.length} rows differ from DuckDB's ${expected.length}\n` +
        difference(expected, actual).text);
    }
  };

  if (ended === null) paced.child.kill('SIGKILL');
  const result = await paced.exited;
  if (result.signal !== 'SIGKILL') {
    // It ended by itself, before the kill: compare what it committed.
    if (result.code !== 0) {
      fail(`${label}: the paced run (${[...args, '--rate', String(rate)].join(' ')}) exited ${result.code}:\n` +
        result.stderr);
      return;
    }
    await compare(`the run at ${rate} events/s ended before it could be killed, so nothing was restored`);
    return;
  }
  // Older checkpoints are deleted: the latest is the one to name.
  const killedAfter = completedCheckpoints(checkpoints).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).pop();
  const committedBefore = committedRows(output);

  let stdout;
  try {
    stdout = runSabot([...args, '--restore-from', 'latest']);
  } catch (error) {
    fail(`${label}: ${error.message}`);
    return;
  }
  const summary = JSON.parse(stdout.trimEnd().split('\n').pop());
  if (!/chk-[0-9]+$/.test(summary.restored_from ?? '')) {
    fail(`${label}: the rerun did not restore a checkpoint: ${JSON.stringify(summary)}`);
  }
  const hidden = fs.readdirSync(output).filter((file) => file.startsWith('.'));
  if (hidden.length > 0) fail(`${label}: hidden files left in ${output}: ${hidden.join(', ')}`);
  // Killed after the last rows had been committed: the restore could only
  // show that it adds nothing. Said, not failed (the kill's timing is the
  // machine's).
  const late = committedBefore >= expected.length && expected.length > 0 ? ', every row already committed' : '';
  await compare(`killed after ${killedAfter} with ${committedBefore} rows committed${late}, restored ` +
    `from ${path.basename(summary.restored_from ?? '?')}`);
}

for (const run of restoreRuns) {
  if (only && !only.has('restore') && !only.has(`restore:${run.name}`)) continue;
  await killAndRestore(run.name, run);
}

connection.closeSync();
instance.closeSync();
if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
