fn main() -> std::process::ExitCode {
    outcare::run()
}
