/**
 * Test fixture: the controller's nova.conf from the seed install notes
 * (/work/shared/seed/nova-install-notes.txt, `cat -n /etc/nova/nova.conf`),
 * copied verbatim without the line numbers, trailing space included.
 */
export const INSTALL_NOTES_NOVA_CONF = `[DEFAULT]
# ...
dhcpbridge_flagfile=/etc/nova/nova.conf
dhcpbridge=/usr/bin/nova-dhcpbridge
state_path=/var/lib/nova
lock_path=/var/lock/nova
force_dhcp_release=True
libvirt_use_virtio_for_bridges=True
verbose=True
ec2_private_dns_show_ip=True
api_paste_config=/etc/nova/api-paste.ini
enabled_apis=ec2,osapi_compute,metadata
transport_url = rabbit://gu***:gu***@controller
my_ip = 10.10.10.12
use_neutron = True
firewall_driver = nova.virt.firewall.NoopFirewallDriver

[api]
# ...
auth_strategy = keystone

[keystone_authtoken]
# ...
auth_uri = http://controller:5000
auth_url = http://controller:35357
memcached_servers = controller:11211
auth_type = password
project_domain_name = default
user_domain_name = default
project_name = service
username = nova
password = *** 

[api_database]
# ...
connection = mysql+pymysql://nova:***@controller/nova_api
[database]
# ...
connection = mysql+pymysql://nova:***@controller/nova

[vnc]
enabled = true
# ...
vncserver_listen = $my_ip
vncserver_proxyclient_address = $my_ip

[glance]
# ...
api_servers = http://controller:9292

[oslo_concurrency]
# ...
lock_path = /var/lib/nova/tmp

[placement]
# ...
os_region_name = RegionOne
project_domain_name = Default
project_name = service
auth_type = password
user_domain_name = Default
auth_url = http://controller:35357/v3
username = placement
password = ***

`;
