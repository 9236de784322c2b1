#pragma once

#include <random>
#include <string>

namespace cnsbot::bench {

// Report texts as teams write them, in six forms (each one a valid report).
inline std::string ReportText(std::mt19937& random) {
    std::uniform_int_distribution<int> n(1, 40);
    switch (random() % 6) {
        case 0:
            return "báo cáo: " + std::to_string(n(random)) + " tài khoản thanh toán, " +
                   std::to_string(n(random)) + " internet mới";
        case 1:
            return "bc " + std::to_string(n(random)) + " tktt";
        case 2:
            return "BC " + std::to_string(n(random)) + " chu ky so, " + std::to_string(n(random)) +
                   " dich vu cong";
        case 3:
            return "Báo cáo thôn:\n- " + std::to_string(n(random)) + " tài khoản thanh toán\n- " +
                   std::to_string(n(random)) + " cài VNeID";
        case 4:
            return "báo cáo: " + std::to_string(n(random)) + " cks; " + std::to_string(n(random)) +
                   " tài khoản thanh toán; " + std::to_string(n(random)) + " sim 4g";
        default:
            return "Chào anh chị, báo cáo: " + std::to_string(n(random)) + " tktt ạ";
    }
}

}  // namespace cnsbot::bench
