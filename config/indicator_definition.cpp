#include "config/indicator_definition.hpp"

namespace cnsbot::config {

const std::vector<IndicatorDefinition>& DefaultIndicators() {
    static const std::vector<IndicatorDefinition> kCatalogue = {
        {"new_internet",
         "Đường Internet đăng ký mới",
         {"internet mới", "đường internet", "cáp quang", "lắp mạng", "internet", "lắp internet",
          "mạng mới", "wifi mới", "lắp wifi"}},
        {"sim_4g",
         "Thuê bao nâng cấp SIM 4G",
         {"sim 4g", "nâng cấp 4g", "chuyển sim 4g", "4g", "đổi sim 4g", "thuê bao 4g"}},
        {"payment_account",
         "Tài khoản thanh toán không dùng tiền mặt",
         {"tài khoản thanh toán", "tk thanh toán", "ví điện tử", "mobile money", "tktt",
          "tài khoản ngân hàng", "tk ngân hàng", "thanh toán không dùng tiền mặt"}},
        {"digital_signature", "Chữ ký số", {"chữ ký số", "cks", "chữ kí số"}},
        {"vneid",
         "Tài khoản định danh điện tử (VNeID) kích hoạt",
         {"vneid", "định danh điện tử", "kích hoạt định danh", "định danh", "vneid kích hoạt",
          "tài khoản định danh", "ddđt"}},
        {"public_service_account",
         "Tài khoản Cổng dịch vụ công",
         {"tài khoản dịch vụ công", "tk dvc", "dịch vụ công", "tài khoản dvc", "tk dịch vụ công"}},
        {"online_dossier",
         "Hồ sơ dịch vụ công trực tuyến",
         {"hồ sơ trực tuyến", "hồ sơ dvc", "nộp hồ sơ online", "hồ sơ online", "hồ sơ",
          "hồ sơ dịch vụ công"}},
        {"ecommerce",
         "Hộ lên sàn thương mại điện tử / gian hàng số",
         {"gian hàng số", "sàn tmđt", "lên sàn", "voso", "postmart", "thương mại điện tử",
          "hộ lên sàn", "sàn thương mại điện tử", "tmđt"}},
        {"qr_merchant",
         "Cửa hàng thanh toán bằng mã QR",
         {"mã qr", "cửa hàng qr", "thanh toán qr", "qr", "cửa hàng mã qr"}},
        {"health_record",
         "Sổ sức khỏe điện tử",
         {"sổ sức khỏe điện tử", "sổ sức khoẻ", "ssk", "sổ sức khỏe", "sổ sk"}},
        {"app_install",
         "Ứng dụng số được cài đặt",
         {"cài app", "cài ứng dụng", "ứng dụng", "app", "cài đặt ứng dụng"}},
        {"household_guided",
         "Hộ gia đình được hướng dẫn kỹ năng số",
         {"hộ được hướng dẫn", "hộ gia đình", "hướng dẫn hộ", "hộ hướng dẫn",
          "hướng dẫn kỹ năng số", "hộ dân được hướng dẫn", "hộ gia đình được hướng dẫn",
          "hộ được hướng dẫn kỹ năng số"}},
    };
    return kCatalogue;
}

}  // namespace cnsbot::config
