#include "cli/file_input.hpp"

#include "config/config_loader.hpp"
#include "config/text_file.hpp"

namespace cnsbot::cli {

FileInput ReadFileInput(const CliArgs& args, const std::string& verb, const std::string& usage) {
    args.Allow({"config"});
    if (args.positional.size() != 3 || args.positional[1] != verb) throw UsageError(usage);
    FileInput input{config::LoadConfigFile(args.Require("config")), ""};
    input.text = config::ReadTextFile(args.positional[2]);
    return input;
}

}  // namespace cnsbot::cli
