#include "simulator/simulate.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "bot/runtime/clock.hpp"
#include "bot/zalo/webhook_sender.hpp"
#include "config/config_loader.hpp"
#include "simulator/fake_zalo.hpp"

namespace cnsbot::simulator {
namespace {

using namespace std::chrono;

constexpr const char* kHelp =
    R"(Gõ tin nhắn như một người dùng Zalo rồi Enter. Lệnh của trình mô phỏng:
  :as TÊN       đổi sang người dùng TÊN (mỗi tên là một tài khoản Zalo riêng)
  :group MÃ [TÊN]  gửi vào nhóm Zalo có mã MÃ (ví dụ grp-dong-son), nhóm này coi như của OA
                (TÊN là tên nhóm mà `cnsbot groups list` thấy); :private để nhắn riêng lại
  :users        những người dùng đã dùng
  :help         trợ giúp này
  :quit         thoát (hoặc Ctrl-D)
)";

// The port of an http://127.0.0.1:PORT (or localhost) zalo.api_base: where the stand-in listens.
std::uint16_t LocalPort(const std::string& api_base) {
    static const std::regex kLocal(R"(http://(127\.0\.0\.1|localhost):(\d+)/?)");
    std::smatch m;
    if (!std::regex_match(api_base, m, kLocal)) {
        throw std::runtime_error("zalo.api_base is \"" + api_base +
                                 "\": simulate plays Zalo on this machine, so it must be "
                                 "http://127.0.0.1:PORT (see config/cnsbot.dev.json)");
    }
    return static_cast<std::uint16_t>(std::stoi(m[2].str()));
}

// Prints what the stand-in receives as it arrives, and lets the caller wait for the bot to go
// quiet after each message.
class Transcript {
  public:
    Transcript(std::ostream& out, std::filesystem::path images_dir)
        : out_(out), images_dir_(std::move(images_dir)) {}

    void Print(const FakeMessage& m) {
        std::lock_guard lock(mutex_);
        out_ << "\n  cnsbot → " << (m.kind == "group" ? "nhóm " : "") << m.to << ":\n";
        if (!m.image.empty()) out_ << "    [ảnh: " << SaveImage(m) << "]\n";
        std::size_t start = 0;
        while (start <= m.text.size()) {
            const std::size_t end = m.text.find('\n', start);
            out_ << "    " << m.text.substr(start, end - start) << "\n";
            if (end == std::string::npos) break;
            start = end + 1;
        }
        out_ << std::flush;
        ++received_;
        last_ = steady_clock::now();
        changed_.notify_all();
    }

    std::size_t received() {
        std::lock_guard lock(mutex_);
        return received_;
    }

    // Waits for the first answer after `before` messages (up to `first`), then until nothing new
    // came for `quiet`.
    void WaitForAnswers(std::size_t before, milliseconds first, milliseconds quiet) {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, first, [&] { return received_ > before; })) return;
        while (steady_clock::now() - last_ < quiet) {
            changed_.wait_until(lock, last_ + quiet);
        }
    }

    std::ostream& out() { return out_; }
    std::mutex& mutex() { return mutex_; }

  private:
    // Writes an image message's file where the person running the simulator can open it.
    std::string SaveImage(const FakeMessage& m) {
        std::error_code ignored;
        std::filesystem::create_directories(images_dir_, ignored);
        const bool png = m.image.starts_with("\x89PNG");
        // Named by time and message id: each run of the stand-in numbers its messages from 1.
        const auto path = images_dir_ / ("anh-" + std::to_string(bot::NowMs()) + "-" +
                                         m.message_id + (png ? ".png" : ".jpg"));
        std::ofstream file(path, std::ios::binary);
        file.write(m.image.data(), static_cast<std::streamsize>(m.image.size()));
        return file ? path.string() : "(không lưu được vào " + images_dir_.string() + ")";
    }

    std::ostream& out_;
    std::filesystem::path images_dir_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t received_ = 0;
    steady_clock::time_point last_ = steady_clock::now();
};

struct Session {
    const config::Config& config;
    FakeZalo& zalo;
    bot::WebhookSender sender;
    Transcript& transcript;
    milliseconds wait;
    int sent = 0;

    // The OA owns the group (the stand-in lists it to `cnsbot groups list`), named `name`.
    void OwnGroup(const std::string& id, const std::string& name) {
        zalo.AddGroup({id, name.empty() ? "Nhóm " + id : name, "https://zalo.me/g/" + id});
    }

    // Sends one message; returns false when the server did not take it.
    bool Say(const std::string& user, const std::optional<std::string>& group,
             const std::string& text) {
        bot::SimulatedMessage message{user, group, text, "", ""};
        message.msg_id = "sim" + std::to_string(bot::NowMs()) + "-" + std::to_string(++sent);
        const std::size_t before = transcript.received();
        bot::HttpResult result;
        try {
            const bot::SignedWebhook webhook = bot::SignWebhook(config.zalo, message, bot::NowMs());
            zalo.SawEvent(webhook.body);  // what Zalo delivers, it knows of
            result = sender.Send(webhook);
        } catch (const std::exception& e) {
            std::lock_guard lock(transcript.mutex());
            transcript.out() << "  (không gửi được tới cnsbot: " << e.what()
                             << " — `cnsbot serve` đang chạy chưa?)\n";
            return false;
        }
        if (result.status != 200) {
            std::lock_guard lock(transcript.mutex());
            transcript.out() << "  (cnsbot trả lời HTTP " << result.status << ": " << result.body
                             << ")\n";
            return false;
        }
        transcript.WaitForAnswers(before, wait, milliseconds(600));
        return true;
    }
};

int Interactive(Session& session, std::istream& in, std::ostream& out) {
    std::string user = "lan";
    std::optional<std::string> group;
    std::set<std::string> users{user};
    out << "cnsbot simulate: bạn đang là người dùng Zalo \"" << user << "\".\n" << kHelp;
    for (;;) {
        {
            std::lock_guard lock(session.transcript.mutex());
            out << "\n" << user << (group ? " @ " + *group : "") << "> " << std::flush;
        }
        std::string line;
        if (!std::getline(in, line)) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (line == ":quit" || line == ":q") break;
        if (line == ":help") {
            out << kHelp;
        } else if (line == ":users") {
            for (const auto& u : users) out << "  " << u << "\n";
        } else if (line == ":private") {
            group.reset();
        } else if (line.starts_with(":as ") && line.size() > 4) {
            user = line.substr(4);
            users.insert(user);
        } else if (line.starts_with(":group ") && line.size() > 7) {
            const std::string rest = line.substr(7);
            const std::size_t space = rest.find(' ');
            group = rest.substr(0, space);
            session.OwnGroup(*group, space == std::string::npos ? "" : rest.substr(space + 1));
        } else if (line.starts_with(":")) {
            out << "  (lệnh không rõ: " << line << "; gõ :help)\n";
        } else {
            session.Say(user, group, line);
        }
    }
    out << "\n";
    return 0;
}

}  // namespace

int RunSimulate(const SimulateOptions& options, std::istream& in, std::ostream& out,
                std::ostream& err) {
    try {
        const config::Config config = config::LoadConfigFile(options.config_path);
        FakeZalo::Options zalo_options;
        zalo_options.port = LocalPort(config.zalo.api_base);
        zalo_options.app_secret = config.zalo.app_secret_key;
        // Whatever pair the bot stored from an earlier run works, and the users and groups of an
        // earlier run are taken as known.
        zalo_options.lenient_tokens = true;
        zalo_options.lenient_window_and_groups = true;
        Transcript transcript(out, options.images_dir.empty()
                                       ? std::filesystem::temp_directory_path() / "cnsbot-simulate"
                                       : std::filesystem::path(options.images_dir));
        zalo_options.on_message = [&transcript](const FakeMessage& m) { transcript.Print(m); };
        FakeZalo zalo(zalo_options);

        Session session{config, zalo, bot::WebhookSender(config), transcript,
                        milliseconds(options.wait_ms)};
        if (options.as_user) {
            if (options.group) session.OwnGroup(*options.group, "");
            out << *options.as_user << (options.group ? " @ " + *options.group : "") << "> "
                << options.text << "\n";
            return session.Say(*options.as_user, options.group, options.text) ? 0 : 1;
        }
        return Interactive(session, in, out);
    } catch (const std::exception& e) {
        err << "cnsbot simulate: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace cnsbot::simulator
