#include "bot/zalo/signature.hpp"

#include <array>
#include <memory>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace cnsbot::bot {

namespace {

// SHA-256 looked up once: EVP_sha256() makes OpenSSL 3 fetch the implementation again on every
// EVP_DigestInit_ex (a third of the cost of hashing a webhook body).
const EVP_MD* Sha256() {
    static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(
        EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free);
    if (!md) throw std::runtime_error("SHA-256 is not available");
    return md.get();
}

// One digest context per thread, reset for each use instead of allocated.
EVP_MD_CTX* ThreadDigestContext() {
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(
        EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx) throw std::runtime_error("EVP_MD_CTX_new failed");
    return ctx.get();
}

std::string Hex(const unsigned char* digest, unsigned int length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xF]);
    }
    return hex;
}

}  // namespace

std::string ComputeWebhookMac(std::string_view app_id, std::string_view raw_body,
                              std::string_view timestamp, std::string_view oa_secret_key) {
    EVP_MD_CTX* ctx = ThreadDigestContext();
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const bool ok = EVP_DigestInit_ex(ctx, Sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, app_id.data(), app_id.size()) == 1 &&
                    EVP_DigestUpdate(ctx, raw_body.data(), raw_body.size()) == 1 &&
                    EVP_DigestUpdate(ctx, timestamp.data(), timestamp.size()) == 1 &&
                    EVP_DigestUpdate(ctx, oa_secret_key.data(), oa_secret_key.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, digest.data(), &length) == 1;
    EVP_MD_CTX_reset(ctx);
    if (!ok) throw std::runtime_error("SHA-256 failed");
    return Hex(digest.data(), length);
}

std::string AppsecretProof(std::string_view access_token, std::string_view app_secret) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (HMAC(Sha256(), app_secret.data(), static_cast<int>(app_secret.size()),
             reinterpret_cast<const unsigned char*>(access_token.data()), access_token.size(),
             digest.data(), &length) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return Hex(digest.data(), length);
}

bool SignatureMatches(std::string_view header_value, std::string_view expected_mac) {
    auto trim = [](std::string_view& s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    };
    trim(header_value);
    if (header_value.size() > 4 &&
        (header_value.substr(0, 4) == "mac=" || header_value.substr(0, 4) == "MAC=")) {
        header_value.remove_prefix(4);
        trim(header_value);
    }
    if (header_value.size() != expected_mac.size() || expected_mac.empty()) return false;
    // Lower-case a copy so that the comparison itself stays constant-time.
    std::string given(header_value);
    for (char& c : given) {
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
    return CRYPTO_memcmp(given.data(), expected_mac.data(), given.size()) == 0;
}

}  // namespace cnsbot::bot
