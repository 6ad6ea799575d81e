//! A ZIP file written by a thread of its own while the export reads the database: the async
//! side sends "start file NAME" and chunks of bytes through a bounded channel, the thread
//! deflates them into the file. Neither side holds more than a few chunks, whatever the size
//! of the export, and the compression never blocks the async runtime.

use std::io::{self, Write};
use std::path::Path;
use std::thread::JoinHandle;

use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

enum Message {
    File(String),
    Data(Vec<u8>),
}

/// Chunks waiting for the writer thread, at most (each up to about [`super::export::CHUNK`]).
const QUEUE: usize = 8;

pub struct ZipSink {
    tx: Option<mpsc::Sender<Message>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl ZipSink {
    /// Creates (or truncates) the file and starts the writer thread.
    pub fn create(path: &Path) -> io::Result<ZipSink> {
        let file = std::fs::File::create(path)?;
        let (tx, mut rx) = mpsc::channel::<Message>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("open-data-zip".into())
            .spawn(move || -> io::Result<()> {
                let mut zip = zip::ZipWriter::new(io::BufWriter::with_capacity(256 * 1024, file));
                let options = SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .unix_permissions(0o644);
                while let Some(message) = rx.blocking_recv() {
                    match message {
                        Message::File(name) => {
                            zip.start_file(name, options).map_err(io::Error::other)?
                        }
                        Message::Data(bytes) => zip.write_all(&bytes)?,
                    }
                }
                let mut out = zip.finish().map_err(io::Error::other)?;
                out.flush()?;
                out.get_ref().sync_all()
            })?;
        Ok(ZipSink {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    async fn send(&self, message: Message) -> io::Result<()> {
        match &self.tx {
            Some(tx) => tx
                .send(message)
                .await
                .map_err(|_| io::Error::other("the ZIP writer stopped")),
            None => Err(io::Error::other("the ZIP file is finished")),
        }
    }

    /// Starts the next file of the archive.
    pub async fn start_file(&self, name: &str) -> io::Result<()> {
        self.send(Message::File(name.to_string())).await
    }

    /// Appends bytes to the current file.
    pub async fn write(&self, bytes: Vec<u8>) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.send(Message::Data(bytes)).await
    }

    /// Writes the central directory and waits until the file is on disk. Also the way to learn
    /// why a `write` failed: the thread's own error comes back here.
    pub async fn finish(mut self) -> io::Result<()> {
        self.tx = None;
        let Some(thread) = self.thread.take() else {
            return Ok(());
        };
        tokio::task::spawn_blocking(move || thread.join())
            .await
            .map_err(io::Error::other)?
            .map_err(|_| io::Error::other("the ZIP writer panicked"))?
    }
}
