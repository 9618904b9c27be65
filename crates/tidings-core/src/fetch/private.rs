//! Keeping a fetch off this machine and its private networks, for fetches a web page could have
//! asked for (the loopback API's URL clips): which addresses count as private, and a resolver
//! that refuses a name resolving only to such addresses. The resolver sits in the client, so a
//! redirect, and a name whose address changes between a check and the fetch (DNS rebinding),
//! are caught too.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

/// Whether `ip` is on this machine, a private network, or no single public host: loopback,
/// "this network" (0/8, which Linux routes to this machine), RFC 1918, link-local, carrier-grade
/// NAT (100.64/10), benchmarking (198.18/15), multicast, broadcast; IPv6 unspecified, unique-local,
/// link-local and multicast, and an IPv4 address embedded in IPv6 (mapped `::ffff:a.b.c.d`,
/// compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) judged as that IPv4 address.
#[must_use]
pub fn is_private(ip: IpAddr) -> bool {
    fn private_v4(ip: Ipv4Addr) -> bool {
        let [a, b, ..] = ip.octets();
        a == 0
            || ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_broadcast()
            || ip.is_multicast()
            || (a == 100 && (64..128).contains(&b))
            || (a == 198 && (18..20).contains(&b))
    }
    match ip {
        IpAddr::V4(ip) => private_v4(ip),
        IpAddr::V6(ip) => {
            let segments = ip.segments();
            let [first, ..] = segments;
            let [.., h0, h1, l0, l1] = ip.octets();
            let embedded = Ipv4Addr::new(h0, h1, l0, l1);
            let nat64 = segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
            let compatible = segments[..6] == [0; 6];
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || ip.to_ipv4_mapped().is_some_and(private_v4)
                || ((nat64 || compatible) && private_v4(embedded))
        }
    }
}

/// Whether `url`'s host is a private address (a literal, which no resolver is asked about).
#[must_use]
pub fn is_private_address(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_private(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_private(IpAddr::V6(ip)),
        _ => false,
    }
}

/// Whether `url` names this machine or a private network by its address, or as `localhost`:
/// what can be refused without asking a resolver.
#[must_use]
pub fn names_private_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => is_private_address(url),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

/// Why a fetch was refused: the name resolves only to private addresses, or a redirect points
/// at one. Found among a failed request's causes by [`super::Fetcher`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The system's resolver, keeping only public addresses; a name with none left is refused.
#[derive(Debug, Clone, Copy)]
pub(super) struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| !is_private(a.ip()))
                .collect();
            if public.is_empty() {
                let shown = found
                    .first()
                    .map_or_else(String::new, |a| format!(" ({})", a.ip()));
                return Err(Box::new(Refused(format!(
                    "{host} resolves to an address on this machine or a private network{shown}, which is not fetched"
                ))) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_private_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.0.1",
            "0.1.2.3",
            "198.18.0.1",
            "224.0.0.1",
            "ff02::1",
            "64:ff9b::7f00:1",
            "::127.0.0.1",
        ] {
            assert!(
                is_private(ip.parse().unwrap_or_else(|e| panic!("{ip}: {e}"))),
                "{ip}"
            );
        }
        for ip in [
            "93.184.216.34",
            "100.128.0.1",
            "2606:4700::1111",
            "8.8.8.8",
            "198.20.0.1",
            "64:ff9b::808:808",
            "::ffff:8.8.8.8",
        ] {
            assert!(
                !is_private(ip.parse().unwrap_or_else(|e| panic!("{ip}: {e}"))),
                "{ip}"
            );
        }
    }

    #[test]
    fn knows_private_hosts_by_name() {
        let private =
            |u: &str| names_private_host(&Url::parse(u).unwrap_or_else(|e| panic!("{u}: {e}")));
        assert!(private("http://localhost:8080/"));
        assert!(private("http://a.localhost./x"));
        assert!(private("http://[::1]/"));
        assert!(private("http://192.168.0.1/"));
        assert!(!private("https://lwn.net/"));
        assert!(!private("https://8.8.8.8/"));
    }

    #[tokio::test]
    async fn refuses_a_name_that_resolves_to_loopback() {
        let name: Name = "localhost".parse().unwrap_or_else(|_| panic!("a name"));
        let refused = match PublicOnly.resolve(name).await {
            Ok(addrs) => panic!("resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(e) => e.to_string(),
        };
        assert!(
            refused.contains("localhost resolves to an address on this machine"),
            "{refused}"
        );
    }
}
