#include "handlers/dashboard/access.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "storage/dashboard_repository.hpp"

namespace cnsbot::handlers::dashboard {
namespace {

std::string Hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 0x0F];
    }
    return out;
}

}  // namespace

std::string NewToken() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return Hex(bytes.data(), bytes.size());
}

std::string HashToken(const std::string& token) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
    return Hex(digest.data(), digest.size());
}

IssuedLink IssueLoginLink(storage::Connection& db, const storage::Member& member,
                          std::int64_t now_ms) {
    storage::DashboardRepository repo(db);
    constexpr std::int64_t kHourMs = 3600LL * 1000;
    if (repo.CountLinksSince(member.id, now_ms - kHourMs) >= kLinksPerHour) {
        return {"", true};
    }
    IssuedLink link{NewToken(), false};
    repo.InsertLink(HashToken(link.token), member.id, now_ms, now_ms + kLinkLifetimeMs);
    return link;
}

bool LinkUsable(storage::Connection& db, const std::string& link_token, std::int64_t now_ms) {
    return storage::DashboardRepository(db).UsableLink(HashToken(link_token), now_ms).has_value();
}

std::optional<OpenedSession> OpenSession(storage::Connection& db, const std::string& link_token,
                                         std::int64_t now_ms) {
    storage::DashboardRepository repo(db);
    const auto member_id = repo.ConsumeLink(HashToken(link_token), now_ms);
    if (!member_id) return std::nullopt;
    const auto member = storage::MemberRepository(db).FindById(*member_id);
    if (!member || !member->active || !MayUseDashboard(member->role)) return std::nullopt;
    OpenedSession session{NewToken(), now_ms + kSessionLifetimeMs};
    repo.InsertSession(HashToken(session.token),
                       {member->id, member->unit_id, member->role, session.expires_at}, now_ms);
    return session;
}

std::optional<Viewer> FindViewer(storage::Connection& db, const std::string& session_token,
                                 std::int64_t now_ms) {
    if (session_token.empty()) return std::nullopt;
    const auto session =
        storage::DashboardRepository(db).FindSession(HashToken(session_token), now_ms);
    if (!session) return std::nullopt;
    auto member = storage::MemberRepository(db).FindById(session->member_id);
    if (!member || !member->active || member->unit_id != session->unit_id ||
        member->role != session->role || !MayUseDashboard(member->role)) {
        return std::nullopt;
    }
    auto unit = storage::UnitRepository(db).FindById(member->unit_id);
    if (!unit) return std::nullopt;
    return Viewer{std::move(*member), std::move(*unit)};
}

bool InScope(const Viewer& viewer, const storage::Unit& unit) {
    return unit.path.starts_with(viewer.unit.path);
}

}  // namespace cnsbot::handlers::dashboard
