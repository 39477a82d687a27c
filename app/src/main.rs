//! Entry point of the browser client.

fn main() {
    console_error_panic_hook::set_once();
    app::start();
}
