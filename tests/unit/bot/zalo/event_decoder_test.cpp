#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "bot/zalo/event_decoder.hpp"

namespace cnsbot::bot {
namespace {

using handlers::EventKind;

std::string Golden(const std::string& name) {
    std::ifstream in(std::string(CNSBOT_TEST_DATA_DIR) + "/events/" + name + ".json",
                     std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

TEST(EventDecoder, UserText) {
    const std::string raw = Golden("user_send_text");
    const DecodedBody d = DecodeWebhookBody(raw);
    ASSERT_EQ(d.status, DecodeStatus::kOk);
    EXPECT_EQ(d.event.kind, EventKind::kUserText);
    EXPECT_EQ(d.event.sender_id, "6142494823601234567");
    EXPECT_EQ(d.event.msg_id, "cb31dff1c39642cc1b83");
    EXPECT_EQ(d.event.text, "báo cáo: 12 tài khoản thanh toán");
    EXPECT_EQ(d.timestamp, "1699003881354");
    EXPECT_EQ(d.event.raw, raw);
    EXPECT_EQ(d.event.DedupeKey(), "m:cb31dff1c39642cc1b83");
}

TEST(EventDecoder, AttachmentsKeepCaptionAndRaw) {
    const DecodedBody image = DecodeWebhookBody(Golden("user_send_image"));
    EXPECT_EQ(image.event.kind, EventKind::kUserAttachment);
    EXPECT_EQ(image.event.text, "ảnh buổi hướng dẫn");
    EXPECT_NE(image.event.raw.find("photo.jpg"), std::string::npos);
    const DecodedBody sticker = DecodeWebhookBody(Golden("user_send_sticker"));
    EXPECT_EQ(sticker.event.kind, EventKind::kUserAttachment);
    EXPECT_TRUE(sticker.event.text.empty());
}

TEST(EventDecoder, FollowAndUnfollowUseTheFollower) {
    const DecodedBody follow = DecodeWebhookBody(Golden("follow"));
    EXPECT_EQ(follow.event.kind, EventKind::kFollow);
    EXPECT_EQ(follow.event.sender_id, "6142494823601234999");
    EXPECT_EQ(follow.event.DedupeKey(), "e:follow:6142494823601234999:1699003884000");
    EXPECT_EQ(DecodeWebhookBody(Golden("unfollow")).event.kind, EventKind::kUnfollow);
}

TEST(EventDecoder, ReceiptsListTheOaMessages) {
    const DecodedBody received = DecodeWebhookBody(Golden("user_received_message"));
    EXPECT_EQ(received.event.kind, EventKind::kReceipt);
    EXPECT_EQ(received.event.receipt_msg_ids, std::vector<std::string>{"m42"});
    EXPECT_EQ(received.event.sender_id, "6142494823601234567");
    const DecodedBody seen = DecodeWebhookBody(Golden("user_seen_message"));
    EXPECT_EQ(seen.event.receipt_msg_ids, (std::vector<std::string>{"m42", "m43"}));
    EXPECT_NE(received.event.DedupeKey(), seen.event.DedupeKey());
}

TEST(EventDecoder, EchoesGroupsAndUnknownKinds) {
    EXPECT_EQ(DecodeWebhookBody(Golden("oa_send_text")).event.kind, EventKind::kOaEcho);
    const DecodedBody group = DecodeWebhookBody(Golden("user_send_group_text"));
    EXPECT_EQ(group.event.kind, EventKind::kGroupText);
    EXPECT_EQ(group.event.group_id, "grp-1234567890");
    EXPECT_EQ(group.event.sender_id, "6142494823601234567");
    EXPECT_EQ(DecodeWebhookBody(Golden("user_join_group")).event.kind, EventKind::kGroupLifecycle);
    const DecodedBody unknown = DecodeWebhookBody(Golden("shop_has_order"));
    EXPECT_EQ(unknown.status, DecodeStatus::kOk);
    EXPECT_EQ(unknown.event.kind, EventKind::kUnknown);
}

// Lifecycle shapes vary: the group may be top-level group_id or recipient.id.
TEST(EventDecoder, GroupLifecycleEventsNameTheGroupTheUserAndTheOa) {
    const DecodedBody join = DecodeWebhookBody(Golden("user_join_group"));
    EXPECT_EQ(join.event.group_id, "grp-1234567890");
    EXPECT_EQ(join.event.sender_id, "6142494823601234567");
    EXPECT_EQ(join.event.oa_id, "3662729599332560487");
    const DecodedBody out = DecodeWebhookBody(
        R"({"event_name":"user_out_group","app_id":"1","sender":{"id":"3662729599332560487"},)"
        R"("recipient":{"id":"grp-9"},"timestamp":"1699003890000"})");
    EXPECT_EQ(out.event.kind, EventKind::kGroupLifecycle);
    EXPECT_EQ(out.event.group_id, "grp-9");
    EXPECT_EQ(out.event.sender_id, "3662729599332560487");
    EXPECT_EQ(DecodeWebhookBody(R"({"event_name":"user_leave_group","group_id":"grp-8",)"
                                R"("timestamp":"1"})")
                  .event.group_id,
              "grp-8");
}

TEST(EventDecoder, ProbeMalformedAndHostileBodies) {
    EXPECT_EQ(DecodeWebhookBody("{}").status, DecodeStatus::kProbe);
    EXPECT_EQ(DecodeWebhookBody("{\"event_name\":").status, DecodeStatus::kNotJson);
    EXPECT_EQ(DecodeWebhookBody("not json").status, DecodeStatus::kNotJson);
    EXPECT_EQ(DecodeWebhookBody("{\"timestamp\":\"1\"}").status, DecodeStatus::kNotAnEvent);
    EXPECT_EQ(
        DecodeWebhookBody("{\"event_name\":\"user_send_text\",\"message\":{\"text\":\"\xff\xfe\"}}")
            .status,
        DecodeStatus::kNotJson);
    std::string deep(10000, '[');
    deep += std::string(10000, ']');
    EXPECT_EQ(DecodeWebhookBody(deep).status, DecodeStatus::kNotJson);
}

TEST(EventDecoder, NumericIdsKeepEveryDigit) {
    const DecodedBody d = DecodeWebhookBody(
        R"({"event_name":"user_send_text","sender":{"id":6142494823601234567},"message":{"msg_id":"x","text":"a"},"timestamp":1699003881354})");
    EXPECT_EQ(d.event.sender_id, "6142494823601234567");
    EXPECT_EQ(d.timestamp, "1699003881354");
}

TEST(EventDecoder, RepeatedKeysCountWithTheirLastValue) {
    const DecodedBody d = DecodeWebhookBody(
        R"({"event_name":"follow","event_name":"user_send_text","sender":{"id":"a","id":"b"},)"
        R"("message":{"text":"old","msg_id":"m1"},"message":{"text":"new"},"timestamp":"1"})");
    ASSERT_EQ(d.status, DecodeStatus::kOk);
    EXPECT_EQ(d.event.kind, EventKind::kUserText);
    EXPECT_EQ(d.event.sender_id, "b");
    EXPECT_EQ(d.event.text, "new");
    EXPECT_EQ(d.event.msg_id, "");  // the second message object has none
    EXPECT_EQ(DecodeWebhookBody(R"({"event_name":"user_send_text","event_name":5})").status,
              DecodeStatus::kNotAnEvent);
}

TEST(EventDecoder, ValuesOfTheWrongShapeAreSkipped) {
    const DecodedBody d = DecodeWebhookBody(
        R"({"event_name":"user_send_text","sender":{"id":{"nested":"x"}},"message":{"text":7},)"
        R"("recipient":[{"id":"r"}],"timestamp":1.5,"extra":{"sender":{"id":"deep"}}})");
    ASSERT_EQ(d.status, DecodeStatus::kOk);
    EXPECT_EQ(d.event.sender_id, "");
    EXPECT_EQ(d.event.text, "");
    EXPECT_EQ(d.timestamp, "");
    const DecodedBody seen =
        DecodeWebhookBody(R"({"event_name":"user_seen_message","recipient":{"id":9},)"
                          R"("message":{"msg_ids":["a",1,["b"],{"c":"d"},"e"],"msg_id":"z"}})");
    EXPECT_EQ(seen.event.sender_id, "9");
    EXPECT_EQ(seen.event.receipt_msg_ids, (std::vector<std::string>{"a", "e", "z"}));
    EXPECT_EQ(DecodeWebhookBody(R"([{"event_name":"user_send_text"}])").status,
              DecodeStatus::kNotAnEvent);
    EXPECT_EQ(DecodeWebhookBody("[]").status, DecodeStatus::kNotAnEvent);
}

}  // namespace
}  // namespace cnsbot::bot
