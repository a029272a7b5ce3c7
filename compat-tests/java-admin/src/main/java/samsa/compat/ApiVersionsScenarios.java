package samsa.compat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * ApiVersions as a client sees it, compared with what Apache Kafka 4.4.0 answered when
 * recorded (expected/api-versions-kafka-4.4.0.txt, written by `suite.sh record-api-versions`
 * against the reference broker). The requests are sent on a plain socket with kafka-clients'
 * own request and response classes, so the client's version negotiation hides nothing.
 */
final class ApiVersionsScenarios {
    private ApiVersionsScenarios() {}

    static final String EXPECTED = "/api-versions-kafka-4.4.0.txt";

    static void register(Consumer<Scenario> add) {
        add.accept(new Scenario("api-versions-match-kafka", true, ApiVersionsScenarios::matchKafka));
        add.accept(new Scenario("api-versions-advertised-ranges", true, ApiVersionsScenarios::advertisedRanges));
        add.accept(new Scenario("api-versions-features", true, ApiVersionsScenarios::features));
        add.accept(new Scenario("api-versions-v0", true, ApiVersionsScenarios::version0));
        add.accept(new Scenario("api-versions-unsupported-version", true, ApiVersionsScenarios::unsupported));
    }

    /** The text form: "api KEY NAME MIN MAX", "feature NAME MIN MAX", "finalized NAME MIN MAX". */
    static String describe(String bootstrap) throws IOException {
        return format(negotiate(bootstrap));
    }

    /**
     * As the Java client does: ApiVersions at the newest version kafka-clients knows; on
     * UNSUPPORTED_VERSION, again at the newest version the broker says it supports.
     */
    static ApiVersionsResponseData negotiate(String bootstrap) throws IOException {
        ApiVersionsResponseData d = request(bootstrap, ApiKeys.API_VERSIONS.latestVersion());
        if (d.errorCode() == Errors.UNSUPPORTED_VERSION.code()) {
            ApiVersionsResponseData.ApiVersion v = d.apiKeys().find(ApiKeys.API_VERSIONS.id);
            if (v == null) throw new IOException("UNSUPPORTED_VERSION without the ApiVersions range");
            d = request(bootstrap, (short) Math.min(v.maxVersion(), ApiKeys.API_VERSIONS.latestVersion()));
        }
        if (d.errorCode() != Errors.NONE.code()) {
            throw new IOException("ApiVersions answered error " + Errors.forCode(d.errorCode()));
        }
        return d;
    }

    private static String format(ApiVersionsResponseData d) {
        StringBuilder b = new StringBuilder();
        TreeMap<Short, ApiVersionsResponseData.ApiVersion> apis = new TreeMap<>();
        for (ApiVersionsResponseData.ApiVersion v : d.apiKeys()) apis.put(v.apiKey(), v);
        for (ApiVersionsResponseData.ApiVersion v : apis.values()) {
            b.append(String.format("api %d %s %d %d%n", v.apiKey(), apiName(v.apiKey()), v.minVersion(),
                    v.maxVersion()));
        }
        TreeSet<String> lines = new TreeSet<>();
        for (ApiVersionsResponseData.SupportedFeatureKey f : d.supportedFeatures()) {
            lines.add(String.format("feature %s %d %d", f.name(), f.minVersion(), f.maxVersion()));
        }
        for (ApiVersionsResponseData.FinalizedFeatureKey f : d.finalizedFeatures()) {
            lines.add(String.format("finalized %s %d %d", f.name(), f.minVersionLevel(), f.maxVersionLevel()));
        }
        for (String l : lines) b.append(l).append('\n');
        return b.toString();
    }

    private static String apiName(short key) {
        return ApiKeys.hasId(key) ? ApiKeys.forId(key).name : "Unknown" + key;
    }

    static ApiVersionsResponseData request(String bootstrap, short version) throws IOException {
        String host = bootstrap.substring(0, bootstrap.lastIndexOf(':'));
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "samsa-compat", 11);
        ByteBuffer body = new ApiVersionsRequest.Builder().build(version).serializeWithHeader(header);
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(10_000);
            ByteBuffer frame = roundTrip(s, body);
            ApiVersionsResponse r = (ApiVersionsResponse) AbstractResponse.parseResponse(frame, header);
            return r.data();
        }
    }

    private static ByteBuffer roundTrip(Socket s, ByteBuffer request) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] bytes = new byte[request.remaining()];
        request.get(bytes);
        out.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.write(bytes);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int size = in.readInt();
        if (size < 0 || size > (1 << 24)) throw new IOException("bad response size " + size);
        byte[] frame = new byte[size];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    private static List<String> expected(String kind) throws IOException {
        try (InputStream in = ApiVersionsScenarios.class.getResourceAsStream(EXPECTED)) {
            if (in == null) throw new IOException("missing resource " + EXPECTED);
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.startsWith(kind + " ")) out.add(l);
            }
            return out;
        }
    }

    /** Kafka's recorded range per API key, printed as kafka-broker-api-versions prints it. */
    static java.util.Map<Integer, String> expectedToolRanges() throws IOException {
        java.util.Map<Integer, String> m = new TreeMap<>();
        for (String l : expected("api")) {
            String[] f = l.split(" ");
            m.put(Integer.parseInt(f[1]), f[3].equals(f[4]) ? f[3] : f[3] + " to " + f[4]);
        }
        return m;
    }

    private static List<String> observed(Ctx c, String kind) throws IOException {
        String text = describe(c.bootstrap());
        c.log("observed:%n%s", text);
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (l.startsWith(kind + " ")) out.add(l);
        }
        return out;
    }

    /** Lines only in one of the two lists, as "- expected" and "+ observed". */
    private static List<String> diff(List<String> expected, List<String> observed) {
        List<String> d = new ArrayList<>();
        for (String l : expected) if (!observed.contains(l)) d.add("- " + l);
        for (String l : observed) if (!expected.contains(l)) d.add("+ " + l);
        return d;
    }

    static void matchKafka(Ctx c) throws Exception {
        List<String> d = diff(expected("api"), observed(c, "api"));
        c.log("difference from Kafka 4.4.0 (- Kafka only, + this broker only):%n%s", String.join("\n", d));
        Check.isTrue(d.isEmpty(), d.size() + " differences from Kafka 4.4.0's ApiVersions:\n"
                + String.join("\n", d));
    }

    /** Whatever the broker advertises, it advertises with Kafka's range (no narrower, no wider). */
    static void advertisedRanges(Ctx c) throws Exception {
        List<String> exp = expected("api");
        List<String> obs = observed(c, "api");
        Check.isTrue(obs.size() >= 2, "the broker advertises at least ApiVersions and Metadata");
        List<String> bad = new ArrayList<>();
        for (String l : obs) if (!exp.contains(l)) bad.add(l);
        Check.isTrue(bad.isEmpty(), "advertised with a range Kafka 4.4.0 does not have:\n"
                + String.join("\n", bad) + "\n(Kafka: " + exp + ")");
    }

    static void features(Ctx c) throws Exception {
        List<String> exp = new ArrayList<>(expected("feature"));
        exp.addAll(expected("finalized"));
        List<String> obs = new ArrayList<>(observed(c, "feature"));
        obs.addAll(observed(c, "finalized"));
        List<String> d = diff(exp, obs);
        Check.isTrue(d.isEmpty(), "features differ from Kafka 4.4.0's:\n" + String.join("\n", d));
    }

    /** An old client's ApiVersions v0 gets the same ranges as the newest version. */
    static void version0(Ctx c) throws Exception {
        ApiVersionsResponseData v0 = request(c.bootstrap(), (short) 0);
        Check.equal((short) 0, v0.errorCode(), "error code");
        List<String> v0apis = List.of(format(v0).split("\n"));
        List<String> newest = observed(c, "api");
        Check.equal(newest, v0apis, "ranges answered to v0 and to the newest version");
    }

    /**
     * A version the broker does not know: a v0 body with UNSUPPORTED_VERSION (35) that lists
     * ApiVersions' own range, so the client can retry with a version it supports.
     */
    static void unsupported(Ctx c) throws Exception {
        String host = c.bootstrap().substring(0, c.bootstrap().lastIndexOf(':'));
        // Header v2 (a flexible ApiVersions version): key 18, version 127, correlation 21,
        // client id "x", no tags; body: software name and version as compact strings, no tags.
        byte[] req = {0, 18, 0, 127, 0, 0, 0, 21, 0, 1, 'x', 0, 2, 'j', 2, '1', 0};
        try (Socket s = new Socket(host, c.port())) {
            s.setSoTimeout(10_000);
            ByteBuffer r = roundTrip(s, ByteBuffer.wrap(req));
            c.log("response (%d bytes): %s", r.remaining(), hex(r.duplicate()));
            Check.equal(21, r.getInt(), "correlation id");
            Check.equal((short) 35, r.getShort(), "error code (UNSUPPORTED_VERSION)");
            int n = r.getInt();
            List<String> apis = new ArrayList<>();
            for (int i = 0; i < n; ++i) apis.add(r.getShort() + ":" + r.getShort() + "-" + r.getShort());
            c.log("api keys %s", apis);
            String apiVersionsRange = expected("api").stream().filter(l -> l.startsWith("api 18 "))
                    .map(l -> l.split(" ")).map(f -> "18:" + f[3] + "-" + f[4]).findFirst().orElseThrow();
            Check.isTrue(apis.contains(apiVersionsRange), "the answer lists ApiVersions " + apiVersionsRange
                    + ": " + apis);
        }
    }

    private static String hex(ByteBuffer b) {
        StringBuilder s = new StringBuilder();
        while (b.hasRemaining()) s.append(String.format("%02x", b.get()));
        return s.toString();
    }
}
