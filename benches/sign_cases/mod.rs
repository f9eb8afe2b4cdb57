//! The signing cases measured by `benches/sign.rs` (criterion, time) and
//! `benches/sign_count.rs` (one run under callgrind, instructions): one definition, so
//! the two always measure the same work.
//!
//! v1: the 10-id `QuerySnapshotJobList` GET. The floor is a pre-keyed HMAC-SHA1 (the
//! `hmac` crate, keyed once outside the loop as `Credentials` keys ours) over the
//! request's string-to-sign, prepared outside the loop; the baseline is a
//! straightforward `String`/`format!`/`Vec`-sort signer. "Sign only" is what issue 2
//! measures: the signature from the request, the credentials, the time and the nonce.
//! "Hand-written" is a bound rather than a signer: the text of this one request
//! written by the shortest code, then the floor's HMAC (see [`V1::hand_written`]).
//!
//! v3: the same ids. The floor is the hashing v3 cannot avoid, over texts prepared
//! outside the loop: SHA-256 of the empty body, SHA-256 of the canonical request, and a
//! pre-keyed HMAC-SHA256 of the string-to-sign. (Our signer takes the empty body's
//! hash as a constant, so the floor pays one compression more than it must.) "Sign only"
//! signs with `V3Credentials`, keyed once outside the loop as the floor's HMAC is; the
//! `sign_keying` line signs with plain `Credentials`, which key HMAC-SHA256 per call.
//! Its "hand-written" line is a bound like v1's (see [`V3::hand_written`]).
#![allow(dead_code)]

use std::hint::black_box;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use mts_codec::Timestamp;
use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
use mts_codec::signing::{BodyHash, Credentials, Method, SignedV3, V3Credentials, V3Signer};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

#[path = "../../tests/common/ten_ids.rs"]
mod ten_ids;
pub use ten_ids::IDS;
pub const KEY_ID: &str = "LTAI5tDemoKeyId0000000000";
pub const SECRET: &str = "demoSecretNotReal0000000000000";
pub const NONCE: &str = "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f";
pub const TIME: &str = "2024-01-01T00:00:00Z";

/// The straightforward way: owned strings, `format!`, a sorted `Vec`, allocation at
/// every step.
pub fn naive_sign(secret: &str, ids: &[&str]) -> String {
    fn enc(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    let mut params: Vec<(String, String)> = vec![
        ("AccessKeyId".to_string(), KEY_ID.to_string()),
        ("Action".to_string(), "QuerySnapshotJobList".to_string()),
        ("Format".to_string(), "JSON".to_string()),
        ("RegionId".to_string(), "cn-hangzhou".to_string()),
        ("SignatureMethod".to_string(), "HMAC-SHA1".to_string()),
        ("SignatureNonce".to_string(), NONCE.to_string()),
        ("SignatureVersion".to_string(), "1.0".to_string()),
        ("SnapshotJobIds".to_string(), ids.join(",")),
        ("Timestamp".to_string(), TIME.to_string()),
        ("Version".to_string(), "2014-06-18".to_string()),
    ];
    params.sort();
    let canonical = params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("GET&{}&{}", enc("/"), enc(&canonical));
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    // (base64 is built without `alloc` here, hence the buffer.)
    let mut buf = [0u8; 28];
    base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut buf)
        .unwrap();
    let signature = String::from_utf8(buf.to_vec()).unwrap();
    format!("{canonical}&Signature={}", enc(&signature))
}

/// Declares a 1 KiB buffer `$buf`, its fill level `$n` and `$put`, which appends a
/// piece: the two bounds' writer. A macro rather than a struct, so that the fill
/// level stays in a register (a shared struct made the bounds 73 and 89 instructions
/// longer, measured).
macro_rules! text_buffer {
    ($buf:ident, $n:ident, $put:ident) => {
        let mut $buf = [0u8; 1024];
        let mut $n = 0;
        let mut $put = |piece: &[u8]| {
            if let Some(slot) = $buf.get_mut($n..$n + piece.len()) {
                slot.copy_from_slice(piece);
            }
            $n += piece.len();
        };
    };
}

/// The v1 case: a 10-id GET with `RegionId`.
pub struct V1 {
    pub creds: Credentials<'static>,
    pub time: Timestamp,
    pub request: QuerySnapshotJobList<'static>,
    pub string_to_sign: String,
    /// The floor's HMAC, keyed once as `Credentials` keys ours: both then pay only for
    /// the message blocks and the two finishing compressions.
    pub keyed: Hmac<Sha1>,
}

impl V1 {
    /// Builds the case and checks that the signer, the floor and the baseline agree.
    pub fn new() -> Self {
        let creds = Credentials::new(KEY_ID, SECRET).unwrap();
        let time = Timestamp::parse(TIME).unwrap();
        let request = QuerySnapshotJobList::new()
            .job_ids(&IDS)
            .unwrap()
            .region_id("cn-hangzhou")
            .unwrap()
            .method(Method::Get);
        let mut query = heapless::String::<2048>::new();
        let mut string_to_sign = String::new();
        let signature = {
            let signed = request.sign(&creds, time, NONCE).unwrap();
            signed.write_query(&mut query).unwrap();
            signed.write_string_to_sign(&mut string_to_sign).unwrap();
            signed.signature().to_owned()
        };
        assert_eq!(query.as_str(), naive_sign(SECRET, &IDS));
        let keyed = Hmac::<Sha1>::new_from_slice(format!("{SECRET}&").as_bytes()).unwrap();
        let case = Self {
            creds,
            time,
            request,
            string_to_sign,
            keyed,
        };
        let mac = case.floor();
        let mut b64 = [0u8; 28];
        base64::engine::general_purpose::STANDARD
            .encode_slice(mac, &mut b64)
            .unwrap();
        assert_eq!(&b64[..], signature.as_bytes());
        assert_eq!(&case.hand_written()[..], signature.as_bytes());
        case
    }

    /// The floor: the pre-keyed HMAC-SHA1 of the string-to-sign.
    #[inline]
    pub fn floor(&self) -> [u8; 20] {
        let mut mac = black_box(&self.keyed).clone();
        mac.update(black_box(self.string_to_sign.as_bytes()));
        mac.finalize().into_bytes().into()
    }

    /// The signature from the request, the credentials, the time and the nonce.
    #[inline]
    pub fn sign_only(&self) -> mts_codec::signing::Signature {
        black_box(&self.request)
            .sign(&self.creds, self.time, NONCE)
            .unwrap()
            .signature_value()
    }

    /// Builds the request from the ids (which checks them) and signs it: what a
    /// caller pays who does not reuse a request. The builder's check of each id is
    /// what lets the signer copy the ids (`ParamValue::List`), so this line shows the
    /// work was not just moved out of "sign only".
    #[inline]
    pub fn build_and_sign(&self) -> mts_codec::signing::Signature {
        QuerySnapshotJobList::new()
            .job_ids(black_box(&IDS))
            .unwrap()
            .region_id(black_box("cn-hangzhou"))
            .unwrap()
            .method(Method::Get)
            .sign(&self.creds, self.time, NONCE)
            .unwrap()
            .signature_value()
    }

    /// Signs and writes the signed query into `out`.
    #[inline]
    pub fn sign_and_query(&self, out: &mut heapless::String<2048>) -> usize {
        out.clear();
        let signed = black_box(&self.request)
            .sign(&self.creds, self.time, NONCE)
            .unwrap();
        signed.write_query(out).unwrap();
        out.len()
    }

    /// The baseline signer.
    #[inline]
    pub fn baseline(&self) -> String {
        naive_sign(black_box(SECRET), black_box(&IDS))
    }

    /// A bound, not a signer: this one request's string-to-sign written by hand, then
    /// the floor's HMAC and base64. Everything up to the nonce is fixed for a given
    /// signer, key id and method, so it is one constant here; per call there is only
    /// the nonce (checked: unreserved bytes only), the ids with `%252C` between them,
    /// the timestamp's fixed shape and three constants. No merge, no checks of the
    /// source, no other request: it shows how much of the 1.3× budget is left once
    /// the text merely gets written, by the shortest code that writes it.
    #[inline]
    pub fn hand_written(&self) -> [u8; 28] {
        const PREFIX: &[u8] = b"GET&%2F&AccessKeyId%3DLTAI5tDemoKeyId0000000000\
            %26Action%3DQuerySnapshotJobList%26Format%3DJSON%26RegionId%3Dcn-hangzhou\
            %26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D";
        let nonce = black_box(NONCE).as_bytes();
        if !nonce
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
        {
            return [0; 28];
        }
        text_buffer!(buf, n, put);
        put(PREFIX);
        put(nonce);
        put(b"%26SignatureVersion%3D1.0%26SnapshotJobIds%3D");
        for (i, id) in black_box(&IDS).iter().enumerate() {
            if i > 0 {
                put(b"%252C");
            }
            put(id.as_bytes());
        }
        put(b"%26Timestamp%3D");
        let t = black_box(self.time).to_bytes();
        let c = *b"%253A";
        put(&[
            t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], c[0],
            c[1], c[2], c[3], c[4], t[14], t[15], c[0], c[1], c[2], c[3], c[4], t[17], t[18],
            t[19],
        ]);
        put(b"%26Version%3D2014-06-18");
        let mut mac = self.keyed.clone();
        mac.update(&buf[..n]);
        let mut b64 = [0u8; 28];
        base64::engine::general_purpose::STANDARD
            .encode_slice(mac.finalize().into_bytes(), &mut b64)
            .unwrap();
        b64
    }
}

/// The v3 case: the same ids, the six always-signed headers.
pub struct V3 {
    pub creds: Credentials<'static>,
    /// Keyed once, like the floor's `keyed`.
    pub v3_creds: V3Credentials<'static>,
    pub time: Timestamp,
    pub request: QuerySnapshotJobList<'static>,
    pub signer: V3Signer<'static>,
    pub canonical_request: String,
    pub string_to_sign: String,
    pub keyed: Hmac<Sha256>,
}

/// Lower-case hex of 32 bytes, without allocating (the v3 bound's).
#[inline]
fn hex_array(bytes: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 0xF)];
    }
    out
}

/// [`hex_array`] as a `String`, for the checks in [`V3::new`].
fn hex(bytes: &[u8; 32]) -> String {
    String::from_utf8(hex_array(bytes).to_vec()).unwrap()
}

impl V3 {
    /// Builds the case and checks that the signer and the floor agree.
    pub fn new() -> Self {
        let creds = Credentials::new(KEY_ID, SECRET).unwrap();
        let v3_creds = V3Credentials::new(&creds);
        let time = Timestamp::parse(TIME).unwrap();
        // The typed request yields only its API parameters: exactly v3's query.
        let request = QuerySnapshotJobList::new()
            .job_ids(&IDS)
            .unwrap()
            .method(Method::Get);
        let signer = V3Signer::new(
            "QuerySnapshotJobList",
            "2014-06-18",
            "mts.cn-hangzhou.aliyuncs.com",
        )
        .method(Method::Get);
        let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        let mut case = Self {
            creds,
            v3_creds,
            time,
            request,
            signer,
            canonical_request: String::new(),
            string_to_sign: String::new(),
            keyed,
        };
        let mut canonical_request = String::new();
        let mut string_to_sign = String::new();
        let signature = {
            let signed = case.sign();
            signed
                .write_canonical_request(&mut canonical_request)
                .unwrap();
            signed.write_string_to_sign(&mut string_to_sign).unwrap();
            signed.signature().to_owned()
        };
        case.canonical_request = canonical_request;
        case.string_to_sign = string_to_sign;
        // The floor computes the same signature.
        let (body, request_hash, mac) = case.floor();
        assert_eq!(hex(&body), mts_codec::signing::EMPTY_BODY_SHA256);
        assert_eq!(
            case.string_to_sign,
            format!("ACS3-HMAC-SHA256\n{}", hex(&request_hash))
        );
        assert_eq!(hex(&mac), signature);
        // Keying per call signs alike.
        assert_eq!(case.sign_keying().signature(), signature);
        // The hand-written bound writes the same canonical request.
        assert_eq!(&case.hand_written()[..], signature.as_bytes());
        case
    }

    /// Signs the request with the pre-keyed credentials (as the floor is).
    #[inline]
    pub fn sign(&self) -> SignedV3<'_, QuerySnapshotJobList<'static>> {
        self.signer
            .sign(
                black_box(&self.request),
                &[],
                BodyHash::Empty,
                black_box(&self.v3_creds),
                self.time,
                NONCE,
            )
            .unwrap()
    }

    /// Signs the request with plain credentials, which key HMAC-SHA256 on each call.
    #[inline]
    pub fn sign_keying(&self) -> SignedV3<'_, QuerySnapshotJobList<'static>> {
        self.signer
            .sign(
                black_box(&self.request),
                &[],
                BodyHash::Empty,
                black_box(&self.creds),
                self.time,
                NONCE,
            )
            .unwrap()
    }

    /// The floor: SHA-256 of the empty body and of the canonical request, and the
    /// pre-keyed HMAC-SHA256 of the string-to-sign.
    #[inline]
    pub fn floor(&self) -> ([u8; 32], [u8; 32], [u8; 32]) {
        let body: [u8; 32] = Sha256::digest(black_box(b"")).into();
        let request_hash: [u8; 32] =
            Sha256::digest(black_box(self.canonical_request.as_bytes())).into();
        let mut mac = black_box(&self.keyed).clone();
        mac.update(black_box(self.string_to_sign.as_bytes()));
        (body, request_hash, mac.finalize().into_bytes().into())
    }

    /// A bound, not a signer, as [`V1::hand_written`] is for v1: this one request's
    /// canonical request written by hand (the fixed texts as constants; per call the
    /// ids with `%2C` between them, the date and the nonce, checked for control
    /// bytes), then SHA-256, hex, and the floor's HMAC-SHA256 and hex. It skips the
    /// empty body's hash (a constant), as the signer does.
    #[inline]
    pub fn hand_written(&self) -> [u8; 64] {
        const CONTENT_SHA256: &[u8] = mts_codec::signing::EMPTY_BODY_SHA256.as_bytes();
        let nonce = black_box(NONCE).as_bytes();
        if nonce.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
            return [0; 64];
        }
        text_buffer!(buf, n, put);
        put(b"GET\n/\nSnapshotJobIds=");
        for (i, id) in black_box(&IDS).iter().enumerate() {
            if i > 0 {
                put(b"%2C");
            }
            put(id.as_bytes());
        }
        put(
            b"\nhost:mts.cn-hangzhou.aliyuncs.com\nx-acs-action:QuerySnapshotJobList\
            \nx-acs-content-sha256:",
        );
        put(CONTENT_SHA256);
        put(b"\nx-acs-date:");
        put(&black_box(self.time).to_bytes());
        put(b"\nx-acs-signature-nonce:");
        put(nonce);
        put(
            b"\nx-acs-version:2014-06-18\n\nhost;x-acs-action;x-acs-content-sha256;\
            x-acs-date;x-acs-signature-nonce;x-acs-version\n",
        );
        put(CONTENT_SHA256);
        let request_hash: [u8; 32] = Sha256::digest(&buf[..n]).into();
        let mut sts = [0u8; 17 + 64];
        sts[..17].copy_from_slice(b"ACS3-HMAC-SHA256\n");
        sts[17..].copy_from_slice(&hex_array(&request_hash));
        let mut mac = self.keyed.clone();
        mac.update(&sts);
        hex_array(&mac.finalize().into_bytes().into())
    }

    /// Signs and writes the query and the `Authorization` value into `out`.
    #[inline]
    pub fn sign_and_write(&self, out: &mut heapless::String<2048>) -> usize {
        out.clear();
        let signed = self.sign();
        signed.write_query(out).unwrap();
        signed.write_authorization(out).unwrap();
        out.len()
    }
}
