//! An idle sync socket costs the relay little memory: its buffers start small (tungstenite's
//! default read buffer, 128 KiB, held by every socket, made 1,000 idle tablets and totems cost
//! 136 MiB). Measured as the growth of this process's resident memory while the relay, in
//! process, holds many sockets open whose clients use tiny buffers of their own.

use sportello_core::access::Role;
use sportello_relay::AppState;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

mod support;

const SOCKETS: usize = 200;

fn resident_kib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

async fn open(state: &AppState, addr: &str, token: &str, count: usize) -> Vec<support::Socket> {
    let config = WebSocketConfig::default().read_buffer_size(256).write_buffer_size(0);
    let mut sockets = Vec::with_capacity(count);
    for _ in 0..count {
        let url = support::sync_url(state, addr, token).await;
        let (socket, _) = tokio_tungstenite::connect_async_with_config(url, Some(config), false).await.unwrap();
        sockets.push(socket);
    }
    sockets
}

/// Waits (on events: the relay registers each socket as it starts serving it) until the relay
/// holds `count` sockets.
async fn until_open(state: &AppState, count: usize) {
    tokio::time::timeout(support::SOCKET_GUARD, async {
        while state.open_sockets() < count {
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the relay serves every socket");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_socket_costs_the_relay_a_few_kib() {
    let root = support::temp_dir("idle-sockets");
    std::fs::create_dir_all(root.join("dist")).unwrap();
    let state = AppState::new(&support::config(&root)).unwrap();
    let addr = support::serve(&state).await;
    state.accounts().add_operator("operatore.bari", "Anna", "bari", Role::Operator, "password-di-prova").unwrap();
    let token = state.accounts().login("operatore.bari", "password-di-prova", "test", state.now_secs()).unwrap().token;

    // A first few sockets warm up what every socket shares (threads, pools, tables).
    let warm = open(&state, &addr, &token, 20).await;
    until_open(&state, 20).await;
    let before = resident_kib();
    let idle = open(&state, &addr, &token, SOCKETS).await;
    until_open(&state, 20 + SOCKETS).await;
    let per_socket = resident_kib().saturating_sub(before) / SOCKETS;
    assert!(per_socket < 48, "an idle socket costs {per_socket} KiB (the 128 KiB default read buffer is back?)");
    drop((warm, idle));
}
